#!/usr/bin/env bash
# -DSTRATA_GENERATE=OFF: the fixture's migrator is built from its committed migrations/ and
# generated/ with strata-registry (no libclang), runs against a real database, and a hand edit of
# an up.sql without `strata-gen hash` fails the build with "<file>: edited"; once accepted, the
# migrator embeds the new text.
source "$(dirname "$0")/e2e_lib.sh"
migrator=$build/migrator

step "configure without the generator"
configure_project -DSTRATA_GENERATE=OFF
! grep -q 'strata-gen' "$build/build.ninja" || fail "the build still runs strata-gen"

step "build the migrator from the committed generated/"
run cmake --build "$build"
[[ -x $migrator ]] || fail "no migrator built"
ldd "$migrator" >"$e2e_work/ldd.txt"
cat "$e2e_work/ldd.txt"
! grep -qi 'clang' "$e2e_work/ldd.txt" || fail "the migrator links libclang"
! grep -qi 'pqxx' "$e2e_work/ldd.txt" || fail "libpqxx is not linked statically"

step "it migrates a real database"
start_database
run "$migrator" upgrade head
run "$migrator" check
run "$migrator" current
expect_output "0001_initial"

step "migrations-check without the generator verifies strata.sum and the registry"
run cmake --build "$build" --target migrations-check

step "a build with nothing changed runs nothing"
run cmake --build "$build"
expect_output "no work to do"

step "a hand-edited up.sql without strata-gen hash fails the build"
printf '\nUPDATE "public"."customers" SET "email" = lower("email");\n' >>"$project/migrations/0001_initial.up.sql"
run_failing cmake --build "$build"
expect_output "$project/migrations/0001_initial.up.sql: edited"
run_failing cmake --build "$build" --target migrations-check
expect_output "0001_initial.up.sql: edited"

step "accepted by strata-gen hash (the registry rewritten with it): the build embeds the new text"
run "$strata_prefix/bin/strata-gen" --name shop --url-env SHOP_DATABASE_URL --history-table shop_meta.migration_history \
  --migrations "$project/migrations" --generated "$project/generated" hash
expect_output "accepted 0001_initial.up.sql: edited"
run cmake --build "$build"
run "$migrator" upgrade head --sql
expect_output 'UPDATE "public"."customers" SET "email" = lower("email");'
run cmake --build "$build"
expect_output "no work to do"

echo "PASS"

#!/usr/bin/env bash
# The build-time workflow in a project of its own that finds the installed Strata package:
# model edit -> `migrations` once -> new revision, migrator knows it, a real database gets it;
# nothing to do the second time; an edit to a header a model includes is noticed;
# `migrations-check` fails then passes; STRATA_MESSAGE and STRATA_ALLOW_DESTRUCTIVE reach the
# generator; scripts/run_migrations.sh drives the same steps; a hand edit of an up.sql (or .cpp)
# fails `migrations-check` and the migrator's build with `<file>: edited` until `strata-gen hash`
# accepts it, and then reaches the migrator; a revision
# pulled in or removed (files added or deleted, strata.sum rewritten in place) re-runs the step,
# and deleted files alone make it fail.
source "$(dirname "$0")/e2e_lib.sh"
migrator=$build/migrator

step "configure against the installed package (find_package(Strata))"
configure_project
grep -q 'strata-gen' "$build/build.ninja" || fail "the generator is not part of the build"

step "first build: the committed revision, no new one"
run cmake --build "$build" --target migrations
[[ $(revision_count) -eq 1 ]] || fail "a revision was generated without a model change"
[[ -x $migrator ]] || fail "no migrator built"

step "a build with nothing changed runs nothing"
run cmake --build "$build" --target migrations
expect_output "no work to do"

start_database
run "$migrator" upgrade head
run "$migrator" current
expect_output "0001_initial"

step "add a field to a model: migrations-check fails and names the change and the command"
sed -i 's|^  std::string email;|&\n\n  std::optional<std::string> display_name;|' "$project/models/customer.hpp"
sed -i 's|^#include <chrono>|&\n#include <optional>|' "$project/models/customer.hpp"
grep -q display_name "$project/models/customer.hpp" || fail "the model edit did not apply"
run_failing cmake --build "$build" --target migrations-check
expect_output '"display_name"'
expect_output "cmake --build . --target migrations"

step "one build of migrations: a new revision with STRATA_MESSAGE's words, compiled in"
migrator_before=$(stat -c %Y.%s "$migrator")
STRATA_MESSAGE="add customer display name" run cmake --build "$build" --target migrations
[[ $(revision_count) -eq 2 ]] || fail "expected exactly one new revision"
revision=$(basename "$(ls "$project"/migrations/0002_*.up.sql)" .up.sql)
[[ $revision == 0002_add_customer_display_name ]] || fail "unexpected revision id $revision (STRATA_MESSAGE ignored?)"
grep -q 'ADD COLUMN "display_name"' "$project/migrations/$revision.up.sql" || fail "$revision.up.sql lacks the column"
grep -q "$revision" "$project/generated/registry.cpp" || fail "generated/registry.cpp does not list $revision"
sleep 1  # so that a relink below would show in the mtime
run "$migrator" history
expect_output "$revision"
run "$migrator" upgrade head
[[ $(sql_value "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'customers' AND column_name = 'display_name'") == 1 ]] \
  || fail "customers.display_name is not in the database"
run "$migrator" current
expect_output "$revision"
[[ $(sql_value "SELECT to_regclass('shop_meta.migration_history') IS NOT NULL AND to_regclass('public.strata_history') IS NULL") == t ]] \
  || fail "the history is not in HISTORY_TABLE shop_meta.migration_history"

step "migrations-check passes once the revision exists"
run cmake --build "$build" --target migrations-check

step "again: nothing generated, nothing rebuilt"
migrator_after=$(stat -c %Y.%s "$migrator")
run cmake --build "$build" --target migrations
expect_output "no work to do"
[[ $(revision_count) -eq 2 ]] || fail "a revision was generated without a change"
[[ $(stat -c %Y.%s "$migrator") == "$migrator_after" ]] || fail "the migrator was relinked"
[[ $migrator_after != "$migrator_before" ]] || fail "the migrator was not rebuilt with the new revision"

step "edit a header a model includes (not a model): noticed through the depfile"
sed -i 's|{ pending, paid, shipped }|{ pending, paid, shipped, refunded }|' "$project/models/common_types.hpp"
grep -q refunded "$project/models/common_types.hpp" || fail "the header edit did not apply"
run cmake --build "$build" --target migrations
expect_output "strata: generating migrations for shop"
[[ $(revision_count) -eq 3 ]] || fail "the edit to common_types.hpp was not noticed"
revision=$(basename "$(ls "$project"/migrations/0003_*.up.sql)" .up.sql)
grep -q "refunded" "$project/migrations/$revision.up.sql" || fail "$revision.up.sql lacks the new label"
run "$migrator" upgrade head
[[ $(sql_value "SELECT count(*) FROM pg_enum WHERE enumlabel = 'refunded'") == 1 ]] \
  || fail "the label 'refunded' is not in the database"
run cmake --build "$build" --target migrations
expect_output "no work to do"

step "a destructive change is refused, then allowed by STRATA_ALLOW_DESTRUCTIVE=1"
sed -i '/std::optional<std::string> note;/d' "$project/models/order.hpp"
run_failing cmake --build "$build" --target migrations
expect_output "destructive"
[[ $(revision_count) -eq 3 ]] || fail "a refused change wrote a revision"
STRATA_ALLOW_DESTRUCTIVE=1 run cmake --build "$build" --target migrations
[[ $(revision_count) -eq 4 ]] || fail "STRATA_ALLOW_DESTRUCTIVE=1 did not reach the generator"

step "scripts/run_migrations.sh: migrate and status with the project's build"
export STRATA_BUILD_DIR=$build
run "$strata_source_dir/scripts/run_migrations.sh" migrate
[[ $(sql_value "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'") == 0 ]] \
  || fail "orders.note still exists after migrate"
run "$strata_source_dir/scripts/run_migrations.sh" status
expect_output "$(basename "$(ls "$project"/migrations/0004_*.up.sql)" .up.sql)"
run "$strata_source_dir/scripts/run_migrations.sh" check
sed -i 's|^  std::int64_t customer_id;|&\n\n  std::optional<std::string> coupon;|' "$project/models/order.hpp"
run_failing "$strata_source_dir/scripts/run_migrations.sh" check
run "$strata_source_dir/scripts/run_migrations.sh" generate-app "add order coupon"
[[ -f $project/migrations/0005_add_order_coupon.up.sql ]] || fail "generate-app did not write 0005_add_order_coupon"
run "$strata_source_dir/scripts/run_migrations.sh" migrate
run "$migrator" check  # at head, and the live schema equals the embedded snapshot

# The generate step's depfile names the migrations directory and strata.sum, not each file.
strata_gen=(
  "$strata_prefix/bin/strata-gen" --config "$build/strata/shop/strata-gen.ini")
head=$(basename "$(ls "$project"/migrations/0005_*.up.sql)" .up.sql)

step "a hand edit of an applied up.sql that strata.sum does not record fails migrations-check and the migrator's build"
backfill='UPDATE "public"."orders" SET "coupon" = NULL WHERE "coupon" = '"''"';'
printf '\n%s\n' "$backfill" >>"$project/migrations/$head.up.sql"
run_failing cmake --build "$build" --target migrations-check
expect_output "$project/migrations/$head.up.sql: edited"
expect_output "strata-gen hash"
# What ships is what was reviewed: never a migrator that silently embeds the old text.
run_failing cmake --build "$build" --target migrator
expect_output "$project/migrations/$head.up.sql: edited"
expect_output "strata-gen hash"
run_failing cmake --build "$build" --target migrations
expect_output "$project/migrations/$head.up.sql: edited"
"$migrator" upgrade head --sql >"$e2e_work/upgrade.sql"
! grep -qF "$backfill" "$e2e_work/upgrade.sql" || fail "the migrator embeds the unaccepted edit"

step "an edit of a revision's .cpp (hooks) fails the build too, until it is undone"
cp "$project/migrations/$head.cpp" "$e2e_work/$head.cpp"
printf '// an unreviewed hook\n' >>"$project/migrations/$head.cpp"
run_failing cmake --build "$build" --target migrator
expect_output "$project/migrations/$head.cpp: edited"
cp "$e2e_work/$head.cpp" "$project/migrations/$head.cpp"
run_failing cmake --build "$build" --target migrator  # the up.sql edit is still not accepted
expect_no_output "$head.cpp: edited"
expect_output "$project/migrations/$head.up.sql: edited"

step "strata-gen hash accepts it: strata.sum changed, so migrations re-runs the step and the migrator embeds it"
run "${strata_gen[@]}" hash
expect_output "accepted $head.up.sql: edited"
run cmake --build "$build" --target migrations
expect_output "strata: generating migrations for shop"
expect_output "no changes"
grep -qF "$backfill" "$project/generated/registry.cpp" || fail "registry.cpp does not embed the accepted edit"
run "$migrator" upgrade head --sql
expect_output "$backfill"
run cmake --build "$build" --target migrations-check

step "then a no-op build runs nothing"
run ninja -C "$build" -n migrator
expect_output "no work to do"
run cmake --build "$build" --target migrations
expect_output "no work to do"

step "a pulled revision (files added, strata.sum and snapshot.json rewritten in place) re-runs the step"
# A colleague's data-only revision on top of $head, written by hand and recorded with `hash`;
# then copied in file by file, as git would, the models untouched.
colleague=$e2e_work/colleague
mkdir -p "$colleague"
cp -r "$project/migrations" "$project/generated" "$colleague/"
cp "$project/migrations/strata.sum" "$project/migrations/snapshot.json" "$e2e_work/"  # for the checkout below
pulled=0006_backfill_order_coupon
sed -e "s|$head|$pulled|g" -e "s|^    \.parent = \".*\",\$|    .parent = \"$head\",|" \
  "$project/migrations/$head.cpp" >"$colleague/migrations/$pulled.cpp"
grep -qF ".parent = \"$head\"," "$colleague/migrations/$pulled.cpp" || fail "the pulled revision's parent was not set"
printf 'UPDATE "public"."orders" SET "coupon" = \x27none\x27 WHERE "coupon" IS NULL;\n' >"$colleague/migrations/$pulled.up.sql"
printf 'UPDATE "public"."orders" SET "coupon" = NULL WHERE "coupon" = \x27none\x27;\n' >"$colleague/migrations/$pulled.down.sql"
run "${strata_gen[@]}" --migrations "$colleague/migrations" --generated "$colleague/generated" hash
for file in "$colleague/migrations/$pulled".* "$colleague/migrations/strata.sum" "$colleague/migrations/snapshot.json"; do
  cp "$file" "$project/migrations/"
done
run cmake --build "$build" --target migrations
expect_output "strata: generating migrations for shop"
expect_output "no changes"
grep -q "$pulled" "$project/generated/registry.cpp" || fail "registry.cpp does not list the pulled $pulled"
run "$migrator" history
expect_output "$pulled"
run cmake --build "$build" --target migrations-check

step "a revision's files deleted, strata.sum untouched: the directory changed, so the step re-runs and fails"
rm "$project/migrations/$pulled".*
run_failing cmake --build "$build" --target migrations
expect_output "$project/migrations/$pulled.up.sql: removed"

step "a revision removed (a checkout of the commit before it) re-runs the step"
cp "$e2e_work/strata.sum" "$e2e_work/snapshot.json" "$project/migrations/"
run cmake --build "$build" --target migrations
expect_output "strata: generating migrations for shop"
! grep -q "$pulled" "$project/generated/registry.cpp" || fail "registry.cpp still lists the removed $pulled"
run "$migrator" history
expect_no_output "$pulled"
run cmake --build "$build" --target migrations
expect_output "no work to do"

step "strata-gen revision -m: an empty revision for hand-written SQL, applied by the migrator; a second chains after it"
run "$migrator" stamp "$head"  # the database ran $head before its up.sql edit was accepted above
empty=0006_backfill_order_coupons
run "${strata_gen[@]}" revision -m "backfill order coupons"
expect_output "$empty"
grep -qF ".parent = \"$head\"," "$project/migrations/$empty.cpp" || fail "$empty is not on $head"
printf 'UPDATE "public"."orders" SET "coupon" = \x27none\x27 WHERE "coupon" IS NULL;\n' >>"$project/migrations/$empty.up.sql"
printf 'UPDATE "public"."orders" SET "coupon" = NULL WHERE "coupon" = \x27none\x27;\n' >>"$project/migrations/$empty.down.sql"
run "${strata_gen[@]}" hash
run cmake --build "$build" --target migrations
expect_output "no changes"
run "$migrator" upgrade head
expect_output "now at $empty (head)"
run "$migrator" check
run "${strata_gen[@]}" revision -m "grant reporting role"
expect_output "0007_grant_reporting_role"
grep -qF ".parent = \"$empty\"," "$project/migrations/0007_grant_reporting_role.cpp" || fail "0007 is not on $empty"
run cmake --build "$build" --target migrations
run "$migrator" upgrade head
expect_output "now at 0007_grant_reporting_role (head)"
run "$migrator" check
run cmake --build "$build" --target migrations-check

echo "PASS"

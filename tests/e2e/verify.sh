#!/usr/bin/env bash
# The build-time proof (issue 16) in a project of its own with strata_add_migrations(… VERIFY),
# on the throwaway cluster the migrator starts itself (STRATA_VERIFY_URL unset):
# migrations-verify proves the committed revision; a model edit makes `migrations` write a
# revision and prove it; a build with nothing new proves nothing; a down.sql that forgets the
# new column, accepted with `strata-gen hash`, fails the build naming the column; fixed and
# accepted, that revision alone is proven again. The schema header is written next to
# registry.cpp.
source "$(dirname "$0")/e2e_lib.sh"
unset STRATA_VERIFY_URL
sed -i 's|^  INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR})|  INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR}\n  VERIFY)|' \
  "$project/CMakeLists.txt"
grep -q '^  VERIFY)' "$project/CMakeLists.txt" || fail "VERIFY was not added to the fixture"
strata_gen=("$strata_prefix/bin/strata-gen" --config "$build/strata/shop/strata-gen.ini")

step "migrations-verify proves the committed revision on a throwaway cluster"
configure_project
run cmake --build "$build" --target migrations-verify
expect_output "proved 0001_initial (up, down, up)"
expect_output "a throwaway cluster"
run cmake --build "$build" --target migrations-verify
expect_output "no work to do"

step "a model edit: migrations writes 0002 and proves it (0001 is cached)"
sed -i 's|^  std::string email;|&\n\n  std::optional<std::string> display_name;|' "$project/models/customer.hpp"
sed -i 's|^#include <chrono>|&\n#include <optional>|' "$project/models/customer.hpp"
STRATA_MESSAGE="add customer display name" run cmake --build "$build" --target migrations
revision=$(basename "$(ls "$project"/migrations/0002_*.up.sql)" .up.sql)
expect_output "proved $revision (up, down, up)"
expect_output "1 revision(s) proven, 1 already proven"
[[ -f $project/generated/shop_schema.hpp ]] || fail "generated/shop_schema.hpp was not written"
grep -q 'display_name = "display_name"' "$project/generated/shop_schema.hpp" || fail "the schema header lacks the new column"
grep -q "head_revision = \"$revision\"" "$project/generated/shop_schema.hpp" || fail "the schema header names another head"

step "a down.sql that forgets the column, accepted with strata-gen hash: the proof fails and names it"
cp "$project/migrations/$revision.down.sql" "$e2e_work/down.sql"
sed -i '/DROP COLUMN "display_name"/d' "$project/migrations/$revision.down.sql"
run "${strata_gen[@]}" hash
run_failing cmake --build "$build" --target migrations
expect_output "$revision: down does not restore: column public.customers.display_name is left behind"

step "fixed (a changed file, so a new checksum) and accepted: that revision alone is proven again"
cp "$e2e_work/down.sql" "$project/migrations/$revision.down.sql"
printf -- '-- the column is dropped again\n' >>"$project/migrations/$revision.down.sql"
run "${strata_gen[@]}" hash
run cmake --build "$build" --target migrations
expect_output "proved $revision"
expect_no_output "proved 0001_initial"
run cmake --build "$build" --target migrations
expect_output "no work to do"

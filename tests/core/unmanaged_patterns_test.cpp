// Unmanaged patterns (issue 14): globs on schema.name, and what they take out of a graph.
#include "core/unmanaged_patterns.hpp"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(GlobMatches, StarAndQuestionMark) {
  EXPECT_TRUE(glob_matches("public.legacy_*", "public.legacy_orders"));
  EXPECT_TRUE(glob_matches("public.legacy_*", "public.legacy_"));
  EXPECT_FALSE(glob_matches("public.legacy_*", "public.orders_legacy_x"));
  EXPECT_FALSE(glob_matches("public.legacy_*", "audit.legacy_orders"));
  EXPECT_TRUE(glob_matches("*.ix_manual_?", "audit.ix_manual_a"));
  EXPECT_FALSE(glob_matches("*.ix_manual_?", "audit.ix_manual_ab"));
  EXPECT_TRUE(glob_matches("*", "anything.at_all"));
  EXPECT_TRUE(glob_matches("a*b*c", "a_x_b_y_b_c"));
  EXPECT_FALSE(glob_matches("a*b*c", "a_x_b_y_b_"));
  EXPECT_FALSE(glob_matches("public.t", "public.t2"));
  // Backtracking stays linear: a pathological pattern answers at once.
  EXPECT_FALSE(glob_matches("*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
}

TEST(UnmanagedPatterns, PatternWithoutSchemaIsAProblem) {
  EXPECT_EQ(unmanaged_pattern_problem("legacy_*"),
            "pattern \"legacy_*\" has no '.' between schema and name (e.g. public.legacy_*)");
  EXPECT_EQ(unmanaged_pattern_problem("public.legacy_*"), std::nullopt);
}

TEST(UnmanagedPatterns, TakesMatchingObjectsOutOfAGraph) {
  ModelGraph graph;
  Table users;
  users.name = "users";
  users.columns = {{"id", "bigint", false, std::nullopt, false, std::nullopt}};
  users.indexes = {{"ix_legacy_lower_email", {"lower(email)"}, false}, {"ix_users_id", {"id"}, false}};
  users.checks = {{"legacy_ck", "id > 0"}};
  users.policies = {{"legacy_read", "ALL", "true", std::nullopt, {}}};
  Table legacy;
  legacy.name = "legacy_orders";
  graph.schema("public").tables = {users, legacy};
  graph.schema("public").enums = {{"legacy_state", {"a"}}};
  graph.canonicalize();

  const ModelGraph kept = UnmanagedPatterns({"public.legacy_*", "public.ix_legacy_*"}).without_matches(graph);
  const Schema& pub = *kept.find_schema("public");
  ASSERT_EQ(pub.tables.size(), 1u);
  EXPECT_TRUE(pub.enums.empty());
  EXPECT_EQ(pub.tables[0].indexes, (std::vector<Index>{{"ix_users_id", {"id"}, false}}));
  EXPECT_TRUE(pub.tables[0].checks.empty());
  EXPECT_TRUE(pub.tables[0].policies.empty());
  EXPECT_EQ(UnmanagedPatterns{}.without_matches(graph), graph);
}

}  // namespace
}  // namespace strata

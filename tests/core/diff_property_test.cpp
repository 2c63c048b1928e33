// Property: for random graphs A and random mutations B of A (renames with hints included),
//   apply(A, diff(A, B)) == B,  apply(B, reverse(diff(A, B))) == A,  diff(B, B) is empty,
// and every plan renders and assesses without error. Seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/apply.hpp"
#include "core/diff.hpp"
#include "core/operation_risk.hpp"
#include "core/postgres_dialect.hpp"
#include "tests/core/random_graphs.hpp"

namespace strata {
namespace {

using test::RandomGraphs;

void check_pair(const ModelGraph& a, const ModelGraph& b, const RenameHints& hints, std::uint32_t seed,
                std::set<std::string>* kinds_seen = nullptr) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::vector<Operation> ops;
  ASSERT_NO_THROW(ops = diff(a, b, hints));
  if (kinds_seen)
    for (const Operation& op : ops) kinds_seen->insert(kind_name(op));
  ModelGraph up = a;
  ASSERT_NO_THROW(apply(up, ops));
  ASSERT_EQ(up, b) << "apply(A, diff(A, B)) != B";
  // apply() re-sorts only what each operation touched: the graph must still be canonical after each.
  ModelGraph stepwise = a;
  for (const Operation& op : ops) {
    ASSERT_NO_THROW(apply(stepwise, op));
    ModelGraph sorted = stepwise;
    sorted.canonicalize();
    ASSERT_EQ(stepwise, sorted) << "not canonical after " << describe(op);
  }
  ModelGraph down = b;
  ASSERT_NO_THROW(apply(down, reverse(ops)));
  ASSERT_EQ(down, a) << "apply(B, reverse(diff(A, B))) != A";
  EXPECT_TRUE(diff(b, b, hints).empty());
  EXPECT_EQ(diff(a, b, hints), ops) << "not deterministic";
  EXPECT_NO_THROW(render(ops));
  EXPECT_NO_THROW(render(reverse(ops)));
  EXPECT_NO_THROW(assess(ops, a));
}

TEST(DiffProperty, ApplyDiffReachesTheTargetAndReverseComesBack) {
  int renames = 0;
  std::set<std::string> kinds_seen;
  for (std::uint32_t seed = 1; seed <= 600; ++seed) {
    RandomGraphs random(seed);
    const ModelGraph a = random.graph();
    RenameHints hints;
    const ModelGraph b = random.mutate(a, hints);
    renames += static_cast<int>(hints.tables.size() + hints.columns.size() + hints.enums.size() + hints.enum_labels.size());
    check_pair(a, b, hints, seed, &kinds_seen);
    if (::testing::Test::HasFatalFailure()) return;
  }
  for (std::uint32_t seed = 5001; seed <= 5030; ++seed) {
    RandomGraphs random(seed);
    const auto [a, b] = random.row_security_pair(random.graph());
    check_pair(a, b, {}, seed, &kinds_seen);
    if (::testing::Test::HasFatalFailure()) return;
  }
  for (std::uint32_t seed = 6001; seed <= 6040; ++seed) {
    RandomGraphs random(seed);
    const auto [a, b] = random.sql_object_pair(random.graph());
    check_pair(a, b, {}, seed, &kinds_seen);
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(renames, 100) << "the generator should exercise renames";
  // The mutations must reach every kind of operation, or the property proves less than it says.
  EXPECT_EQ(kinds_seen.size(), std::variant_size_v<Operation>) << [&] {
    std::string seen;
    for (const auto& k : kinds_seen) seen += k + " ";
    return "kinds seen: " + seen;
  }();
}

TEST(DiffProperty, BetweenUnrelatedGraphs) {
  for (std::uint32_t seed = 1000; seed < 1200; ++seed) {
    RandomGraphs random(seed);
    const ModelGraph a = random.graph();
    const ModelGraph b = random.graph();
    check_pair(a, b, {}, seed);
    check_pair(ModelGraph{}, a, {}, seed);
    check_pair(a, ModelGraph{}, {}, seed);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace strata

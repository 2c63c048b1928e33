// core/revision_graph: chains built in memory, ordered or refused with typed problems.
#include "core/revision_graph.hpp"

#include <gtest/gtest.h>

namespace strata {
namespace {

std::vector<std::string> described(const RevisionGraph& graph) {
  std::vector<std::string> out;
  for (const RevisionProblem& problem : graph.problems) out.push_back(describe(problem));
  return out;
}

TEST(RevisionGraph, OrdersAShuffledChainParentBeforeChild) {
  const RevisionGraph graph = order_revisions({{"0003_c", "0002_b"}, {"0001_a", ""}, {"0004_d", "0003_c"}, {"0002_b", "0001_a"}});
  EXPECT_TRUE(graph.ok());
  EXPECT_EQ(graph.order, (std::vector<std::string>{"0001_a", "0002_b", "0003_c", "0004_d"}));
  EXPECT_EQ(graph.heads, (std::vector<std::string>{"0004_d"}));
}

TEST(RevisionGraph, EmptyIsOrdered) {
  const RevisionGraph graph = order_revisions({});
  EXPECT_TRUE(graph.ok());
  EXPECT_TRUE(graph.order.empty());
  EXPECT_TRUE(graph.heads.empty());
}

TEST(RevisionGraph, TwoChildrenAreSeveralHeadsSaidWithBoth) {
  const RevisionGraph graph = order_revisions({{"0001_a", ""}, {"0002_x", "0001_a"}, {"0002_y", "0001_a"}});
  ASSERT_EQ(graph.problems.size(), 1u);
  const auto* heads = std::get_if<SeveralHeads>(&graph.problems.front());
  ASSERT_NE(heads, nullptr);
  EXPECT_EQ(heads->parent, "0001_a");
  EXPECT_EQ(reported_revision(graph.problems.front()), "0002_y");
  EXPECT_EQ(graph.heads, (std::vector<std::string>{"0002_x", "0002_y"}));
  EXPECT_EQ(graph.order, (std::vector<std::string>{"0001_a"})) << "the order stops where the chain forks";
  EXPECT_EQ(described(graph).front().substr(0, 59), "several heads: 0002_x and 0002_y both have parent 0001_a; m");
}

TEST(RevisionGraph, ThreeChildrenAreSaidWithAllNotBoth) {
  const RevisionGraph graph =
      order_revisions({{"0001_a", ""}, {"0002_x", "0001_a"}, {"0002_y", "0001_a"}, {"0002_z", "0001_a"}});
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_NE(described(graph).front().find("0002_x, 0002_y and 0002_z all have parent 0001_a"), std::string::npos)
      << described(graph).front();
}

TEST(RevisionGraph, TwoFirstRevisionsAreSeveralHeads) {
  const RevisionGraph graph = order_revisions({{"0001_a", ""}, {"0001_b", ""}});
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_NE(described(graph).front().find("0001_a and 0001_b both have no parent"), std::string::npos);
}

TEST(RevisionGraph, MissingParentIsNamed) {
  const RevisionGraph graph = order_revisions({{"0001_a", ""}, {"0003_c", "0002_gone"}});
  ASSERT_EQ(graph.problems.size(), 1u) << "the orphan is not also reported as a cycle";
  EXPECT_EQ(std::get<MissingParent>(graph.problems.front()).parent, "0002_gone");
  EXPECT_EQ(described(graph).front(), "revision 0003_c has parent 0002_gone, which does not exist");
}

TEST(RevisionGraph, LoopsAndSelfParentsAreCycles) {
  const RevisionGraph graph =
      order_revisions({{"0001_a", ""}, {"0002_b", "0003_c"}, {"0003_c", "0002_b"}, {"0004_d", "0004_d"}});
  EXPECT_EQ(described(graph),
            (std::vector<std::string>{
                "revision 0002_b is not reachable from the first revision (parent 0003_c leads into a cycle)",
                "revision 0003_c is not reachable from the first revision (parent 0002_b leads into a cycle)",
                "revision 0004_d is its own parent"}));
  EXPECT_EQ(graph.order, (std::vector<std::string>{"0001_a"}));
}

TEST(RevisionGraph, NoFirstRevisionIsACycle) {
  const RevisionGraph graph = order_revisions({{"0001_a", "0002_b"}, {"0002_b", "0001_a"}});
  EXPECT_EQ(graph.problems.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<RevisionCycle>(graph.problems.front()));
}

TEST(RevisionGraph, DuplicateIdIsReported) {
  const RevisionGraph graph = order_revisions({{"0001_a", ""}, {"0001_a", ""}});
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(described(graph).front(), "revision 0001_a appears twice");
}

}  // namespace
}  // namespace strata

// The planner on registries built in memory: chain validation, targets, history checks. No database.
#include "runner/planner.hpp"

#include <gtest/gtest.h>

#include "runner/migration_errors.hpp"
#include "tests/runner/registry_builder.hpp"

namespace {

using strata::ChecksumError;
using strata::Direction;
using strata::HistoryError;
using strata::HistoryRow;
using strata::Plan;
using strata::RevisionChain;
using strata::TargetError;
using strata::test::RegistryBuilder;

// 0001 <- 0002 <- 0003 <- 0004, added out of order to show the chain follows parent links.
void add_linear(RegistryBuilder& builder) {
  builder.add("0001_init", "", "CREATE TABLE a (id int);", "DROP TABLE a;");
  builder.add("0003_c", "0002_b", "CREATE TABLE c (id int);", "DROP TABLE c;");
  builder.add("0002_b", "0001_init", "CREATE TABLE b (id int);", "DROP TABLE b;");
  builder.add("0004_d", "0003_c", "CREATE TABLE d (id int);", "DROP TABLE d;");
}

std::vector<std::string> step_ids(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& step : plan.steps) ids.emplace_back(step.revision->info->id);
  return ids;
}

HistoryRow row(const RevisionChain& chain, std::string_view id) {
  HistoryRow entry;
  entry.revision = std::string(id);
  entry.checksum = std::string(chain.at(*chain.index_of(id)).checksum);
  return entry;
}

template <typename Error, typename F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

TEST(RevisionChain, OrdersByParentLinks) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  ASSERT_EQ(chain.size(), 4u);
  EXPECT_EQ(chain.at(0).info->id, "0001_init");
  EXPECT_EQ(chain.at(1).info->id, "0002_b");
  EXPECT_EQ(chain.at(2).info->id, "0003_c");
  EXPECT_EQ(chain.head_id(), "0004_d");
  EXPECT_EQ(chain.id_at(0), "");
}

TEST(RevisionChain, EmptyRegistryIsBaseAndHead) {
  RegistryBuilder builder;
  RevisionChain chain(builder.registry());
  EXPECT_EQ(chain.size(), 0u);
  EXPECT_EQ(chain.resolve("head"), 0u);
  EXPECT_TRUE(plan_upgrade(chain, 0, "head").steps.empty());
}

TEST(RevisionChain, TwoHeadsAreRefusedNamingBoth) {
  RegistryBuilder builder;
  builder.add("0001_init", "", "SELECT 1;", "SELECT 1;");
  builder.add("0002_left", "0001_init", "SELECT 1;", "SELECT 1;");
  builder.add("0002_right", "0001_init", "SELECT 1;", "SELECT 1;");
  std::string message = message_of<HistoryError>([&] { RevisionChain chain(builder.registry()); });
  EXPECT_NE(message.find("several heads"), std::string::npos) << message;
  EXPECT_NE(message.find("0002_left"), std::string::npos) << message;
  EXPECT_NE(message.find("0002_right"), std::string::npos) << message;
  EXPECT_NE(message.find("parent 0001_init"), std::string::npos) << message;
  EXPECT_EQ(strata::registry_heads(builder.registry()), (std::vector<std::string>{"0002_left", "0002_right"}));
}

TEST(RevisionChain, TwoRootsAreTwoHeads) {
  RegistryBuilder builder;
  builder.add("0001_a", "", "SELECT 1;", "SELECT 1;");
  builder.add("0001_b", "", "SELECT 1;", "SELECT 1;");
  EXPECT_THROW(RevisionChain chain(builder.registry()), HistoryError);
}

TEST(RevisionChain, MissingParentIsAnError) {
  RegistryBuilder builder;
  builder.add("0001_init", "", "SELECT 1;", "SELECT 1;");
  builder.add("0003_x", "0002_gone", "SELECT 1;", "SELECT 1;");
  std::string message = message_of<HistoryError>([&] { RevisionChain chain(builder.registry()); });
  EXPECT_NE(message.find("revision 0003_x has parent 0002_gone, which does not exist"), std::string::npos) << message;
}

TEST(RevisionChain, DuplicateIdIsAnError) {
  RegistryBuilder builder;
  builder.add("0001_init", "", "SELECT 1;", "SELECT 1;");
  builder.add("0001_init", "", "SELECT 2;", "SELECT 1;");
  EXPECT_THROW(RevisionChain chain(builder.registry()), HistoryError);
}

TEST(RevisionChain, CycleIsAnError) {
  RegistryBuilder builder;
  builder.add("0001_init", "", "SELECT 1;", "SELECT 1;");
  builder.add("0002_a", "0003_b", "SELECT 1;", "SELECT 1;");
  builder.add("0003_b", "0002_a", "SELECT 1;", "SELECT 1;");
  std::string message = message_of<HistoryError>([&] { RevisionChain chain(builder.registry()); });
  EXPECT_NE(message.find("cycle"), std::string::npos) << message;
}

TEST(RevisionChain, ResolvesExactIdsPrefixesHeadAndBase) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  EXPECT_EQ(chain.resolve("base"), 0u);
  EXPECT_EQ(chain.resolve("head"), 4u);
  EXPECT_EQ(chain.resolve("0002_b"), 2u);
  EXPECT_EQ(chain.resolve("0003"), 3u);
  EXPECT_EQ(chain.resolve("0001_i"), 1u);
  std::string unknown = message_of<TargetError>([&] { chain.resolve("0009"); });
  EXPECT_NE(unknown.find("unknown revision '0009'"), std::string::npos) << unknown;
  std::string ambiguous = message_of<TargetError>([&] { chain.resolve("000"); });
  EXPECT_NE(ambiguous.find("ambiguous"), std::string::npos) << ambiguous;
  EXPECT_NE(ambiguous.find("0004_d"), std::string::npos) << ambiguous;
}

TEST(Planner, UpgradeToHeadFromBase) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  Plan plan = plan_upgrade(chain, 0, "head");
  EXPECT_EQ(plan.direction, Direction::Up);
  EXPECT_EQ(plan.from, 0u);
  EXPECT_EQ(plan.to, 4u);
  EXPECT_EQ(step_ids(plan), (std::vector<std::string>{"0001_init", "0002_b", "0003_c", "0004_d"}));
  for (const auto& step : plan.steps) EXPECT_EQ(step.direction, Direction::Up);
}

TEST(Planner, UpgradeToRevisionAndRelative) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  EXPECT_EQ(step_ids(plan_upgrade(chain, 1, "0003")), (std::vector<std::string>{"0002_b", "0003_c"}));
  EXPECT_EQ(step_ids(plan_upgrade(chain, 1, "+1")), (std::vector<std::string>{"0002_b"}));
  EXPECT_EQ(step_ids(plan_upgrade(chain, 2, "+2")), (std::vector<std::string>{"0003_c", "0004_d"}));
  EXPECT_TRUE(plan_upgrade(chain, 4, "head").steps.empty());
  EXPECT_TRUE(plan_upgrade(chain, 2, "0002_b").steps.empty());
}

TEST(Planner, UpgradeRefusesPastHeadAndBackwards) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  std::string past = message_of<TargetError>([&] { plan_upgrade(chain, 3, "+2"); });
  EXPECT_NE(past.find("only 1 revision(s) after 0003_c"), std::string::npos) << past;
  std::string backwards = message_of<TargetError>([&] { plan_upgrade(chain, 3, "0001"); });
  EXPECT_NE(backwards.find("use downgrade"), std::string::npos) << backwards;
  EXPECT_THROW(plan_upgrade(chain, 0, "+x"), TargetError);
}

TEST(Planner, DowngradeToRevisionRelativeAndBase) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  Plan to_rev = plan_downgrade(chain, 4, "0002");
  EXPECT_EQ(to_rev.direction, Direction::Down);
  EXPECT_EQ(step_ids(to_rev), (std::vector<std::string>{"0004_d", "0003_c"}));
  for (const auto& step : to_rev.steps) EXPECT_EQ(step.direction, Direction::Down);
  EXPECT_EQ(step_ids(plan_downgrade(chain, 3, "-1")), (std::vector<std::string>{"0003_c"}));
  EXPECT_EQ(step_ids(plan_downgrade(chain, 2, "base")), (std::vector<std::string>{"0002_b", "0001_init"}));
  EXPECT_EQ(plan_downgrade(chain, 2, "base").to, 0u);
}

TEST(Planner, DowngradeRefusesPastBaseAndForwards) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  std::string past = message_of<TargetError>([&] { plan_downgrade(chain, 1, "-2"); });
  EXPECT_NE(past.find("only 1 revision(s) applied"), std::string::npos) << past;
  std::string forwards = message_of<TargetError>([&] { plan_downgrade(chain, 1, "0003"); });
  EXPECT_NE(forwards.find("use upgrade"), std::string::npos) << forwards;
}

TEST(AppliedPosition, EmptyHistoryIsBase) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  EXPECT_EQ(applied_position(chain, {}), 0u);
}

TEST(AppliedPosition, PrefixGivesPositionInAnyRowOrder) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  EXPECT_EQ(applied_position(chain, {row(chain, "0002_b"), row(chain, "0001_init")}), 2u);
  EXPECT_EQ(applied_position(chain, {row(chain, "0001_init"), row(chain, "0002_b"), row(chain, "0003_c"),
                                     row(chain, "0004_d")}),
            4u);
}

TEST(AppliedPosition, UnknownRevisionIsAHistoryError) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  HistoryRow stranger;
  stranger.revision = "0005_from_the_future";
  stranger.checksum = "abc";
  std::string message =
      message_of<HistoryError>([&] { applied_position(chain, {row(chain, "0001_init"), stranger}); });
  EXPECT_NE(message.find("0005_from_the_future"), std::string::npos) << message;
  EXPECT_NE(message.find("does not know"), std::string::npos) << message;
}

TEST(AppliedPosition, ChangedChecksumIsAChecksumError) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  HistoryRow tampered = row(chain, "0002_b");
  tampered.checksum = "0000";
  try {
    applied_position(chain, {row(chain, "0001_init"), tampered});
    FAIL() << "expected ChecksumError";
  } catch (const ChecksumError& error) {
    EXPECT_EQ(error.revision(), "0002_b");
    EXPECT_EQ(error.stored(), "0000");
    EXPECT_EQ(error.expected(), chain.at(1).checksum);
    EXPECT_EQ(error.expected().size(), 3 * 64u + 2);  // up:down:hooks
  }
}

TEST(AppliedPosition, GapIsAHistoryError) {
  RegistryBuilder builder;
  add_linear(builder);
  RevisionChain chain(builder.registry());
  std::string message =
      message_of<HistoryError>([&] { applied_position(chain, {row(chain, "0001_init"), row(chain, "0003_c")}); });
  EXPECT_NE(message.find("0003_c"), std::string::npos) << message;
  EXPECT_NE(message.find("0002_b"), std::string::npos) << message;
}

// A history row written by a revision that no longer exists under its id (merge renumbered it,
// squash replaced it): its checksum is whatever that revision had.
HistoryRow former_row(std::string_view id) {
  HistoryRow entry;
  entry.revision = std::string(id);
  entry.checksum = "checksum of the former " + std::string(id);
  return entry;
}

// After `strata-gen merge`: branch b (0002_b) renumbered to 0003_b after branch a (0002_a).
TEST(AppliedPosition, MergedBranchAppliedFirstIsAppliedUnderItsFormerId) {
  RegistryBuilder builder;
  builder.add("0001_init", "", "CREATE TABLE a (id int);", "DROP TABLE a;");
  builder.add("0002_a", "0001_init", "CREATE TABLE x (id int);", "DROP TABLE x;");
  builder.add("0003_b", "0002_a", "CREATE TABLE y (id int);", "DROP TABLE y;").replaces = "0002_b";
  RevisionChain chain(builder.registry());
  const std::vector<HistoryRow> history{row(chain, "0001_init"), former_row("0002_b")};
  EXPECT_EQ(applied_position(chain, history), 1u);
  const auto rerecord = strata::rows_to_rerecord(chain, history);
  EXPECT_EQ(rerecord[2], std::vector<std::string>{"0002_b"});
  Plan plan = strata::plan_upgrade(chain, 1, "head", rerecord);
  EXPECT_EQ(step_ids(plan), (std::vector<std::string>{"0002_a", "0003_b"}));
  EXPECT_TRUE(plan.steps[0].rerecord.empty());
  EXPECT_EQ(plan.steps[1].rerecord, std::vector<std::string>{"0002_b"});
  // The other branch's database goes on as before.
  EXPECT_EQ(applied_position(chain, {row(chain, "0001_init"), row(chain, "0002_a")}), 2u);
}

// After `strata-gen squash --upto 0003_c`: the baseline keeps 0003_c's id.
TEST(AppliedPosition, SquashedRangeCountsAsTheBaselineAndInsideItIsRefused) {
  RegistryBuilder builder;
  builder.add("0003_c", "", "CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int);",
              "DROP TABLE c; DROP TABLE b; DROP TABLE a;")
      .replaces = "0001_init 0002_b 0003_c";
  builder.add("0004_d", "0003_c", "CREATE TABLE d (id int);", "DROP TABLE d;");
  RevisionChain chain(builder.registry());
  const std::vector<HistoryRow> at_c{former_row("0001_init"), former_row("0002_b"), former_row("0003_c")};
  EXPECT_EQ(applied_position(chain, at_c), 1u);
  EXPECT_EQ(strata::rows_to_rerecord(chain, at_c)[0], (std::vector<std::string>{"0001_init", "0002_b", "0003_c"}));
  std::vector<HistoryRow> at_d = at_c;
  at_d.push_back(row(chain, "0004_d"));
  EXPECT_EQ(applied_position(chain, at_d), 2u);
  EXPECT_EQ(applied_position(chain, {row(chain, "0003_c")}), 1u);  // rerecorded: its own checksum is compared
  EXPECT_TRUE(strata::rows_to_rerecord(chain, {row(chain, "0003_c")})[0].empty());

  std::string inside =
      message_of<HistoryError>([&] { applied_position(chain, {former_row("0001_init"), former_row("0002_b")}); });
  EXPECT_NE(inside.find("inside the squashed range"), std::string::npos) << inside;
  EXPECT_NE(inside.find("Upgrade it to 0003_c with a migrator built before the squash"), std::string::npos) << inside;
}

}  // namespace

// Lint rules (issue 13): which rule each operation triggers, on new and existing tables, online
// and not, with squawk's names.
#include "core/lint_rules.hpp"

#include <gtest/gtest.h>

#include "core/diff.hpp"
#include "model_graph_builder.hpp"

namespace strata {
namespace {

using namespace strata::testing;

std::vector<std::string> rules(const std::vector<LintFinding>& findings) {
  std::vector<std::string> out;
  for (const LintFinding& finding : findings) out.push_back(finding.rule + " " + finding.subject);
  return out;
}

ModelGraph accounts() {
  ModelGraph g;
  add(g, "public", table("accounts", {column("name", "text", true), column("seats", "integer")}));
  return g;
}

TEST(LintRules, LockRulesOnExistingTablesOnlyAndNotOnline) {
  const ModelGraph before = accounts();
  ModelGraph after = before;
  Table& t = *after.find_table("public", "accounts");
  t.indexes = {{"ix_accounts_name", {"name"}, false}};
  t.checks = {{"ck_accounts_seats", "seats > 0"}};
  t.uniques = {{"uq_accounts_name", {"name"}}};
  t.columns[1].nullable = false;  // name (columns[0] is the id)
  t.columns[2].type = "bigint";    // seats
  const std::vector<Operation> ops = diff(before, after, {});
  EXPECT_EQ(rules(lint(ops, before, false)),
            (std::vector<std::string>{"adding-not-nullable-field public.accounts.name",
                                      "changing-column-type public.accounts.seats",
                                      "disallowed-unique-constraint public.accounts.name",
                                      "constraint-missing-not-valid public.accounts",
                                      "require-concurrent-index-creation public.accounts"}))
      << ::testing::PrintToString(rules(lint(ops, before, false)));
  // Online, only what online mode cannot render without a lock is left.
  EXPECT_EQ(rules(lint(ops, before, true)), (std::vector<std::string>{"changing-column-type public.accounts.seats"}));
  // The same changes on a table the plan creates: no lock rule.
  EXPECT_TRUE(lint(diff(ModelGraph{}, after, {}), ModelGraph{}, false).empty())
      << ::testing::PrintToString(rules(lint(diff(ModelGraph{}, after, {}), ModelGraph{}, false)));
}

TEST(LintRules, TypeRulesOnNewColumns) {
  ModelGraph after;
  Table events = table("events", {column("at", "timestamp without time zone"), column("code", "character(3)"),
                                  column("owner_id", "integer")});
  events.primary_key = {"pk_events", {"owner_id"}};
  add(after, "public", events);
  EXPECT_EQ(rules(lint(diff(ModelGraph{}, after, {}), ModelGraph{}, false)),
            (std::vector<std::string>{"prefer-timestamptz public.events.at", "ban-char-field public.events.code",
                                      "prefer-bigint-over-int public.events.owner_id"}));
}

TEST(LintRules, DropsAndRenames) {
  const ModelGraph before = accounts();
  ModelGraph after = before;
  after.find_table("public", "accounts")->columns.pop_back();
  EXPECT_EQ(rules(lint(diff(before, after, {}), before, true)),
            (std::vector<std::string>{"ban-drop-column public.accounts"}));
  EXPECT_EQ(rules(lint(diff(before, ModelGraph{{Schema{"public"}}}, {}), before, true)),
            (std::vector<std::string>{"ban-drop-table public.accounts"}));
  EXPECT_EQ(lint_rule_names().size(), 15u);
}

}  // namespace
}  // namespace strata

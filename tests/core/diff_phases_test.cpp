// The phases of diff() on their own, on graphs built in memory: rename matching (RenameMatch)
// and foreign-key dependency order (dependency_order). The emitted operations are diff_test's.
#include <gtest/gtest.h>

#include "core/dependency_order.hpp"
#include "core/rename_match.hpp"
#include "model_graph_builder.hpp"

namespace strata {
namespace {

using namespace strata::testing;

// accounts (renamed from users) references tenants; logs is dropped; audits is new.
struct Graphs {
  ModelGraph from, to;
  RenameHints hints;
};

Graphs users_renamed_to_accounts() {
  Graphs g;
  Table users = table("users", {column("tenant_id", "bigint"), column("mail", "text")});
  users.foreign_keys = {foreign_key("fk_users_tenant_id_tenants", "tenant_id", "tenants")};
  users.indexes = {{"ix_users_mail", {"mail"}, false}};
  add(g.from, "public", table("tenants"));
  add(g.from, "public", users);
  add(g.from, "public", table("logs"));
  add_enum(g.from, "public", EnumType{"plan", {"free", "paid"}});

  Table accounts = table("accounts", {column("tenant_id", "bigint"), column("email", "text")});
  accounts.foreign_keys = {foreign_key("fk_accounts_tenant_id_tenants", "tenant_id", "tenants")};
  accounts.indexes = {{"ix_accounts_email", {"email"}, false}};
  add(g.to, "public", table("tenants"));
  add(g.to, "public", accounts);
  add(g.to, "public", table("audits"));
  add_enum(g.to, "public", EnumType{"tier", {"free", "pro"}});
  g.hints.tables = {{"public.accounts", "users"}};
  g.hints.columns = {{"public.accounts.email", "mail"}};
  g.hints.enums = {{"public.tier", "plan"}};
  g.hints.enum_labels = {{"public.tier.pro", "paid"}};
  return g;
}

TEST(RenameMatch, HintsRenameTablesColumnsEnumsAndLabelsAndNamesFollow) {
  const Graphs g = users_renamed_to_accounts();
  const RenameMatch match(g.from, g.to, g.hints);
  EXPECT_EQ(match.table_renames(), (std::vector<RenameTable>{{"public", "users", "accounts"}}));
  EXPECT_EQ(match.column_renames(), (std::vector<RenameColumn>{{"public", "accounts", "mail", "email"}}));
  EXPECT_EQ(match.enum_renames(), (std::vector<RenameEnum>{{"public", "plan", "tier"}}));
  EXPECT_EQ(match.enum_label_renames(), (std::vector<RenameEnumValue>{{"public", "tier", "paid", "pro"}}));
  EXPECT_EQ(match.constraint_renames(),
            (std::vector<RenameConstraint>{{"public", "accounts", "pk_users", "pk_accounts"},
                                           {"public", "accounts", "fk_users_tenant_id_tenants", "fk_accounts_tenant_id_tenants"}}));
  EXPECT_EQ(match.index_renames(), (std::vector<RenameIndex>{{"public", "accounts", "ix_users_mail", "ix_accounts_email"}}));

  EXPECT_TRUE(match.is_kept({"public", "accounts"}));
  EXPECT_TRUE(match.is_kept({"public", "tenants"}));
  EXPECT_EQ(match.new_tables(), (std::set<TableKey>{{"public", "audits"}}));
  EXPECT_EQ(match.dropped_tables(), (std::set<TableKey>{{"public", "logs"}}));
  EXPECT_EQ(match.renamed_name("public", "users"), "accounts");
  EXPECT_EQ(match.name_after_renames({"public", "accounts"}, "ix_users_mail"), "ix_accounts_email");
  // After every rename the kept table is the target: nothing of it is dropped and added again.
  EXPECT_EQ(match.renamed_table({"public", "accounts"}), match.target_table({"public", "accounts"}));
  EXPECT_TRUE(match.rests_on_stable_key({"public", "tenants"}, {"id"}));
  EXPECT_FALSE(match.foreign_key_changes({"public", "accounts"}, match.target_table({"public", "accounts"}).foreign_keys[0]));
}

TEST(RenameMatch, AHintWhoseOldNameStaysIsInert) {
  Graphs g = users_renamed_to_accounts();
  add(g.to, "public", table("users"));  // the old name is still wanted: accounts is new
  const RenameMatch match(g.from, g.to, g.hints);
  EXPECT_TRUE(match.table_renames().empty());
  EXPECT_TRUE(match.column_renames().empty());
  EXPECT_TRUE(match.constraint_renames().empty());
  EXPECT_EQ(match.new_tables(), (std::set<TableKey>{{"public", "accounts"}, {"public", "audits"}}));
  EXPECT_FALSE(match.is_kept({"public", "accounts"}));
}

TEST(DependencyOrder, ReferencedTablesFirstTiesByNameCyclesBrokenAtTheSmallest) {
  ModelGraph g;
  Table a = table("a", {column("c_id", "bigint")});
  a.foreign_keys = {foreign_key("fk_a_c", "c_id", "c")};
  Table b = table("b", {column("b_id", "bigint")});
  b.foreign_keys = {foreign_key("fk_b_b", "b_id", "b")};  // a self-reference imposes nothing
  Table c = table("c");
  Table x = table("x", {column("y_id", "bigint")});
  x.foreign_keys = {foreign_key("fk_x_y", "y_id", "y")};
  Table y = table("y", {column("x_id", "bigint")});
  y.foreign_keys = {foreign_key("fk_y_x", "x_id", "x")};
  for (Table* t : {&a, &b, &c, &x, &y}) add(g, "public", *t);
  const std::set<TableKey> all{{"public", "a"}, {"public", "b"}, {"public", "c"}, {"public", "x"}, {"public", "y"}};
  const std::vector<TableKey> order = dependency_order(g, all);
  EXPECT_EQ(order, (std::vector<TableKey>{{"public", "b"}, {"public", "c"}, {"public", "a"}, {"public", "x"}, {"public", "y"}}));
  // A table outside the set imposes nothing.
  EXPECT_EQ(dependency_order(g, {{"public", "a"}, {"public", "b"}}), (std::vector<TableKey>{{"public", "a"}, {"public", "b"}}));
  EXPECT_EQ(positions_in(order).at({"public", "a"}), 2u);
}

}  // namespace
}  // namespace strata

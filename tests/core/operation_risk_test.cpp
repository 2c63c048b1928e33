// Risk assessment: destructive operations and warnings, naming the object.
#include "core/operation_risk.hpp"

#include <gtest/gtest.h>

#include "core/diff.hpp"
#include "model_graph_builder.hpp"

namespace strata {
namespace {

using namespace strata::testing;

ModelGraph users_graph() {
  ModelGraph g;
  add(g, "public", table("users", {column("email", "character varying(255)"), column("age", "integer", true),
                                   column("score", "numeric(10,2)")}));
  return g;
}

std::vector<Risk> risks_of(const ModelGraph& from, const ModelGraph& to) {
  const std::vector<Operation> ops = diff(from, to);
  const std::vector<std::vector<Risk>> per_op = assess(ops, from);
  EXPECT_EQ(per_op.size(), ops.size()) << "one list of risks per operation";
  std::vector<Risk> all;
  for (const auto& risks : per_op) all.insert(all.end(), risks.begin(), risks.end());
  return all;
}

bool has(const std::vector<Risk>& risks, Risk::Kind kind, const std::string& fragment) {
  for (const Risk& r : risks)
    if (r.kind == kind && r.message.find(fragment) != std::string::npos) return true;
  return false;
}

TEST(OperationRisk, DropsAreDestructive) {
  const ModelGraph g = users_graph();
  ModelGraph no_age = g;
  no_age.find_table("public", "users")->columns.erase(no_age.find_table("public", "users")->columns.begin() + 2);
  EXPECT_TRUE(has(risks_of(g, no_age), Risk::Destructive, "drop column public.users.age"));
  EXPECT_TRUE(has(risks_of(g, ModelGraph{}), Risk::Destructive, "drop table public.users"));
  ModelGraph with_enum = g;
  add_enum(with_enum, "public", EnumType{"plan", {"free", "pro"}});
  ModelGraph fewer_labels = with_enum;
  fewer_labels.find_schema("public")->enums[0].labels = {"free"};
  EXPECT_TRUE(has(risks_of(with_enum, fewer_labels), Risk::Destructive, "drop label 'pro' of enum public.plan"));
  EXPECT_TRUE(has(risks_of(with_enum, g), Risk::Destructive, "drop enum public.plan"));
}

TEST(OperationRisk, TypeChanges) {
  EXPECT_TRUE(is_widening("character varying(10)", "character varying(20)"));
  EXPECT_TRUE(is_widening("character varying(10)", "text"));
  EXPECT_TRUE(is_widening("smallint", "bigint"));
  EXPECT_TRUE(is_widening("integer[]", "bigint[]"));
  EXPECT_TRUE(is_widening("real", "double precision"));
  EXPECT_TRUE(is_widening("numeric(10,2)", "numeric(12,2)"));
  EXPECT_TRUE(is_widening("numeric(10,2)", "numeric"));
  EXPECT_TRUE(is_widening("integer", "numeric(12,0)"));
  EXPECT_FALSE(is_widening("character varying(20)", "character varying(10)"));
  EXPECT_FALSE(is_widening("text", "character varying(10)"));
  EXPECT_FALSE(is_widening("bigint", "integer"));
  EXPECT_FALSE(is_widening("numeric(10,2)", "numeric(10,1)"));
  EXPECT_FALSE(is_widening("text", "uuid"));
  EXPECT_FALSE(is_widening("integer", "integer[]"));
  EXPECT_FALSE(rewrites_table("character varying(10)", "text"));
  EXPECT_FALSE(rewrites_table("numeric(10,2)", "numeric(14,2)"));
  EXPECT_TRUE(rewrites_table("integer", "bigint"));

  const ModelGraph g = users_graph();
  ModelGraph narrowed = g;
  narrowed.find_table("public", "users")->find_column("email")->type = "character varying(100)";
  EXPECT_TRUE(has(risks_of(g, narrowed), Risk::Destructive, "change type of column public.users.email"));
  ModelGraph widened = g;
  widened.find_table("public", "users")->find_column("age")->type = "bigint";
  const auto risks = risks_of(g, widened);
  EXPECT_FALSE(has(risks, Risk::Destructive, "public.users.age"));
  EXPECT_TRUE(has(risks, Risk::Warning, "rewrites the table"));
  ModelGraph free_widening = g;
  free_widening.find_table("public", "users")->find_column("email")->type = "text";
  EXPECT_TRUE(risks_of(g, free_widening).empty());
}

TEST(OperationRisk, NotNull) {
  const ModelGraph g = users_graph();
  ModelGraph not_null = g;
  not_null.find_table("public", "users")->find_column("age")->nullable = false;
  EXPECT_TRUE(has(risks_of(g, not_null), Risk::Destructive, "set NOT NULL on column public.users.age"));
  // A default given with it fills only new rows: existing NULLs still make it fail (issue 10, 8).
  not_null.find_table("public", "users")->find_column("age")->default_expr = "0";
  EXPECT_TRUE(has(risks_of(g, not_null), Risk::Destructive, "set NOT NULL on column public.users.age"));

  ModelGraph added = g;
  added.find_table("public", "users")->columns.push_back(column("locale", "text"));
  EXPECT_TRUE(has(risks_of(g, added), Risk::Warning, "add NOT NULL column public.users.locale without a default"));
  added.find_table("public", "users")->columns.back().default_expr = "'en'";
  EXPECT_TRUE(risks_of(g, added).empty());
}

TEST(OperationRisk, LockingWarningsOnlyForExistingTables) {
  const ModelGraph g = users_graph();
  ModelGraph more = g;
  Table& users = *more.find_table("public", "users");
  users.indexes = {{"ix_users_email", {"email"}, false}};
  users.checks = {{"ck_users_age", "age > 0"}};
  Table orders = table("orders", {column("user_id", "bigint")});
  orders.foreign_keys = {foreign_key("fk_orders_user_id_users", "user_id", "users")};
  orders.indexes = {{"ix_orders_user_id", {"user_id"}, false}};
  add(more, "public", orders);
  const auto risks = risks_of(g, more);
  EXPECT_TRUE(has(risks, Risk::Warning, "create index ix_users_email on public.users"));
  EXPECT_TRUE(has(risks, Risk::Warning, "add check constraint ck_users_age on public.users"));
  EXPECT_TRUE(has(risks, Risk::Warning, "NOT VALID"));
  EXPECT_FALSE(has(risks, Risk::Warning, "ix_orders_user_id")) << "orders is new";
  EXPECT_FALSE(has(risks, Risk::Warning, "fk_orders_user_id_users")) << "orders is new";

  // The single-operation form judges against the graph it is given.
  const AddForeignKey fk{"public", "users", foreign_key("fk_x", "age", "users")};
  EXPECT_TRUE(has(assess(fk, g), Risk::Warning, "add foreign key fk_x on public.users"));
  EXPECT_TRUE(assess(fk, ModelGraph{}).empty());
}

}  // namespace
}  // namespace strata

// Operations: every kind reverses exactly, and describes itself.
#include "core/operation.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace strata {
namespace {

Column column(std::string name, std::string type) { return Column{std::move(name), std::move(type), false, {}, false, {}}; }

Table users_table() {
  Table t;
  t.name = "users";
  t.columns = {column("id", "bigint"), column("email", "text")};
  t.primary_key = {"pk_users", {"id"}};
  t.uniques = {{"uq_users_email", {"email"}}};
  t.indexes = {{"ix_users_email", {"email"}, false}};
  return t;
}

// One operation of every kind, each with distinct data on both of its sides.
std::vector<Operation> one_of_each_kind() {
  const EnumType plan{"plan", {"free", "pro"}};
  const EnumUse use{"public", "tenants", "plan", "\"public\".\"plan\"", "'free'::\"public\".\"plan\""};
  Column nullable_email = column("email", "character varying(255)");
  nullable_email.nullable = true;
  nullable_email.default_expr = "''";
  const ForeignKey fk{"fk_users_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::Cascade,
                      FkAction::NoAction};
  const Policy tenant_policy{"tenant_isolation", "ALL", "tenant_id = 1", "tenant_id = 1", {"app_user"}};
  const SqlObject view{SqlObjectKind::View, "adults", "", "VIEW public.adults AS SELECT 1", {"public.users"}};
  const SqlObject wider_view{SqlObjectKind::View, "adults", "", "VIEW public.adults AS SELECT 2", {"public.users"}};
  return {
      CreateSchema{"audit"},
      DropSchema{"audit"},
      CreateEnum{"public", plan},
      DropEnum{"public", plan},
      AddEnumValue{"public", "plan", "team", {Placement::Kind::After, "free"}, {"free", "pro"}, {use}},
      DropEnumValue{"public", "plan", "legacy", {Placement::Kind::Before, "free"}, {"free", "pro"}, {use}},
      CreateTable{"public", users_table()},
      DropTable{"public", users_table()},
      RenameTable{"public", "members", "users"},
      SetTableSchema{"public", "users", "archive"},
      AddColumn{"public", "users", column("locale", "text"), {Placement::Kind::After, "email"}},
      DropColumn{"public", "users", column("locale", "text"), {}},
      RenameColumn{"public", "users", "mail", "email"},
      AlterColumn{"public", "users", column("email", "text"), nullable_email, kChangeType | kChangeNullable | kChangeDefault},
      SetTableComment{"public", "users", std::nullopt, "People"},
      SetColumnComment{"public", "users", "email", "old", "new"},
      AddPrimaryKey{"public", "users", {"pk_users", {"id"}}},
      DropPrimaryKey{"public", "users", {"pk_users", {"id"}}},
      AddUnique{"public", "users", {"uq_users_email", {"email"}}},
      DropUnique{"public", "users", {"uq_users_email", {"email"}}},
      AddCheck{"public", "users", {"ck_users_email", "email <> ''"}},
      DropCheck{"public", "users", {"ck_users_email", "email <> ''"}},
      AddForeignKey{"public", "users", fk},
      DropForeignKey{"public", "users", fk},
      CreateIndex{"public", "users", {"ix_users_email", {"email"}, true}},
      DropIndex{"public", "users", {"ix_users_email", {"email"}, true}},
      RenameConstraint{"public", "users", "pk_members", "pk_users"},
      RenameIndex{"public", "users", "ix_members_email", "ix_users_email"},
      RenameEnum{"public", "plan_old", "plan"},
      RenameEnumValue{"public", "plan", "pro", "professional"},
      DistributeTable{"public", "users", {Distribution::Kind::Distributed, "tenant_id", "public.tenants"}},
      UndistributeTable{"public", "users", {Distribution::Kind::Reference, "", ""}, true},
      SetRowSecurity{"public", "users", true},
      CreatePolicy{"public", "users", tenant_policy},
      DropPolicy{"public", "users", tenant_policy},
      CreateSqlObject{"public", view},
      DropSqlObject{"public", view},
      ReplaceSqlObject{"public", view, wider_view},
  };
}

TEST(Operation, SampleCoversEveryKind) {
  std::set<std::size_t> kinds;
  for (const Operation& op : one_of_each_kind()) kinds.insert(op.index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<Operation>);
}

TEST(Operation, ReverseOfReverseIsTheOperation) {
  for (const Operation& op : one_of_each_kind()) {
    const Operation back = reverse(op);
    EXPECT_NE(back, op) << describe(op);
    const bool self_inverse = std::holds_alternative<RenameTable>(op) || std::holds_alternative<SetTableSchema>(op) ||
                              std::holds_alternative<RenameColumn>(op) ||
                              std::holds_alternative<AlterColumn>(op) || std::holds_alternative<SetTableComment>(op) ||
                              std::holds_alternative<SetColumnComment>(op) ||
                              std::holds_alternative<RenameConstraint>(op) || std::holds_alternative<RenameIndex>(op) ||
                              std::holds_alternative<RenameEnum>(op) || std::holds_alternative<RenameEnumValue>(op) ||
                              std::holds_alternative<SetRowSecurity>(op) || std::holds_alternative<ReplaceSqlObject>(op);
    EXPECT_EQ(back.index() == op.index(), self_inverse) << describe(op);
    EXPECT_EQ(reverse(back), op) << describe(op);
  }
}

TEST(Operation, ReverseSwapsTheSides) {
  const auto alter = std::get<AlterColumn>(reverse(
      AlterColumn{"public", "users", column("age", "integer"), column("age", "bigint"), kChangeType}));
  EXPECT_EQ(alter.from.type, "bigint");
  EXPECT_EQ(alter.to.type, "integer");
  EXPECT_EQ(alter.changes, kChangeType);

  const auto rename = std::get<RenameTable>(reverse(RenameTable{"public", "members", "users"}));
  EXPECT_EQ(rename.from, "users");
  EXPECT_EQ(rename.to, "members");

  const auto constraint = std::get<RenameConstraint>(reverse(RenameConstraint{"public", "users", "pk_members", "pk_users"}));
  EXPECT_EQ(constraint.from, "pk_users");
  EXPECT_EQ(constraint.to, "pk_members");
  const auto index = std::get<RenameIndex>(reverse(RenameIndex{"public", "users", "ix_a", "ix_b"}));
  EXPECT_EQ(index.from, "ix_b");
  EXPECT_EQ(index.to, "ix_a");

  const auto drop = std::get<DropColumn>(reverse(AddColumn{"public", "users", column("x", "text"), {Placement::Kind::After, "id"}}));
  EXPECT_EQ(drop.column.name, "x");
  EXPECT_EQ(drop.placement, (Placement{Placement::Kind::After, "id"}));
}

TEST(Operation, ReverseOfAListIsReversedInOrder) {
  const std::vector<Operation> ops = {CreateSchema{"audit"}, CreateTable{"audit", users_table()},
                                      CreateIndex{"audit", "users", {"ix", {"email"}, false}}};
  const std::vector<Operation> down = reverse(ops);
  ASSERT_EQ(down.size(), 3u);
  EXPECT_EQ(down[0], (Operation{DropIndex{"audit", "users", {"ix", {"email"}, false}}}));
  EXPECT_EQ(down[1], (Operation{DropTable{"audit", users_table()}}));
  EXPECT_EQ(down[2], (Operation{DropSchema{"audit"}}));
  EXPECT_EQ(reverse(down), ops);
}

TEST(Operation, Describe) {
  EXPECT_EQ(describe(AddColumn{"public", "users", column("locale", "text"), {}}), "add column public.users.locale");
  EXPECT_EQ(describe(DropTable{"audit", users_table()}), "drop table audit.users");
  EXPECT_EQ(describe(RenameColumn{"public", "users", "mail", "email"}), "rename column public.users.mail to email");
  EXPECT_EQ(describe(CreateIndex{"public", "users", {"ix_users_email", {"email"}, true}}),
            "create unique index ix_users_email on public.users");
  EXPECT_EQ(describe(AlterColumn{"public", "users", column("a", "integer"), column("a", "bigint"), kChangeType | kChangeDefault}),
            "alter column public.users.a (type, default)");
  EXPECT_EQ(describe(AddEnumValue{"public", "plan", "team", {}, {"free"}, {}}), "add enum value 'team' to public.plan");
  EXPECT_EQ(describe(CreateSchema{"audit"}), "create schema audit");
  EXPECT_EQ(describe(RenameConstraint{"public", "users", "pk_members", "pk_users"}),
            "rename constraint pk_members on public.users to pk_users");
  EXPECT_EQ(describe(RenameIndex{"public", "users", "ix_a", "ix_b"}), "rename index ix_a on public.users to ix_b");
  EXPECT_EQ(describe(DistributeTable{"public", "users", {Distribution::Kind::Distributed, "tenant_id", ""}}),
            "distribute table public.users by tenant_id");
  EXPECT_EQ(describe(DistributeTable{"public", "regions", {Distribution::Kind::Reference, "", ""}}),
            "make reference table public.regions");
  EXPECT_EQ(describe(SetTableSchema{"public", "users", "archive"}), "move table public.users to schema archive");
  EXPECT_EQ(reverse(SetTableSchema{"public", "users", "archive"}), (Operation{SetTableSchema{"archive", "users", "public"}}));
  for (const Operation& op : one_of_each_kind()) EXPECT_FALSE(describe(op).empty());
}

TEST(Operation, KindNames) {
  EXPECT_EQ(kind_name(AddColumn{}), "add_column");
  EXPECT_EQ(kind_name(DropEnumValue{}), "drop_enum_value");
  std::set<std::string> names;
  for (const Operation& op : one_of_each_kind()) names.insert(kind_name(op));
  EXPECT_EQ(names.size(), std::variant_size_v<Operation>);
}

// The SourceMap key of the model declaration each kind comes from: what diagnostics locate.
TEST(Operation, DeclaredSubjectOfEveryKind) {
  std::map<std::string, std::string> subjects;
  for (const Operation& op : one_of_each_kind()) subjects[kind_name(op)] = declared_subject(op);
  const std::map<std::string, std::string> expected = {
      {"create_schema", ""},
      {"drop_schema", ""},
      {"create_enum", "public.plan"},
      {"drop_enum", "public.plan"},
      {"add_enum_value", "public.plan"},
      {"drop_enum_value", "public.plan"},
      {"create_table", "public.users"},
      {"drop_table", "public.users"},
      {"rename_table", "public.users"},                 // the new name
      {"set_table_schema", "archive.users"},            // where it goes
      {"add_column", "public.users.locale"},
      {"drop_column", "public.users"},                  // the struct that lost the member
      {"rename_column", "public.users.email"},
      {"alter_column", "public.users.email"},
      {"set_table_comment", "public.users"},
      {"set_column_comment", "public.users.email"},
      {"add_primary_key", "public.users"},
      {"drop_primary_key", "public.users"},
      {"add_unique", "public.users"},
      {"drop_unique", "public.users"},
      {"add_check", "public.users"},
      {"drop_check", "public.users"},
      {"add_foreign_key", "public.users.tenant_id"},  // STRATA_FK's member
      {"drop_foreign_key", "public.users.tenant_id"},
      {"create_index", "public.users"},
      {"drop_index", "public.users"},
      {"rename_constraint", "public.users"},
      {"rename_index", "public.users"},
      {"rename_enum", "public.plan"},
      {"rename_enum_value", "public.plan"},
      {"distribute_table", "public.users"},
      {"undistribute_table", "public.users"},
      {"set_row_security", "public.users"},
      {"create_policy", "public.users"},
      {"drop_policy", "public.users"},
      {"create_sql_object", ""},
      {"drop_sql_object", ""},
      {"replace_sql_object", ""},
  };
  EXPECT_EQ(subjects, expected);
}

TEST(Operation, ColumnChanges) {
  Column a = column("a", "integer");
  Column b = a;
  EXPECT_EQ(column_changes(a, b), 0u);
  b.comment = "ignored";
  b.name = "ignored_too";
  EXPECT_EQ(column_changes(a, b), 0u);
  b.type = "bigint";
  b.identity = true;
  EXPECT_EQ(column_changes(a, b), kChangeType | kChangeIdentity);
  b.nullable = true;
  b.default_expr = "0";
  EXPECT_EQ(column_changes(a, b), kChangeType | kChangeIdentity | kChangeNullable | kChangeDefault);
}

}  // namespace
}  // namespace strata

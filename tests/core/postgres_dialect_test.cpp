// The PostgreSQL dialect: for every operation kind, a before/after pair built in memory, its
// up.sql (diff rendered) and down.sql (reverse rendered) compared with tests/golden/ops/<kind>/.
#include "core/postgres_dialect.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "core/diff.hpp"
#include "model_graph_builder.hpp"
#include "tests/support/golden.hpp"

namespace strata {
namespace {

using namespace strata::testing;

const std::string kPlanType = "\"public\".\"tenant_plan\"";

// tenants <- users, an enum, an index: the "before" of most cases.
ModelGraph base() {
  ModelGraph g;
  add_enum(g, "public", EnumType{"tenant_plan", {"free", "pro"}});
  add(g, "public", table("tenants", {column("name", "text"), column("plan", kPlanType, false, "'free'::" + kPlanType)}));
  Table users = table("users", {column("tenant_id", "bigint"), column("email", "character varying(255)"),
                                column("age", "integer", false, "0"),
                                column("created_at", "timestamp with time zone", false, "now()")});
  users.foreign_keys = {foreign_key("fk_users_tenant_id_tenants", "tenant_id", "tenants", "public", FkAction::Cascade)};
  users.indexes = {{"ix_users_email", {"email"}, false}};
  add(g, "public", users);
  return g;
}

Table& users(ModelGraph& g) { return *g.find_table("public", "users"); }
Table& tenants(ModelGraph& g) { return *g.find_table("public", "tenants"); }

struct Case {
  std::string kind;
  std::function<void(ModelGraph& before, ModelGraph& after, RenameHints& hints)> build;
};

// Each "drop" kind is its "add" counterpart with the two sides swapped.
std::vector<Case> cases() {
  auto with_audit = [](ModelGraph& g) {
    Table events = table("events", {column("payload", "jsonb", false, "'{}'::jsonb")});
    g.schema("audit");
    add(g, "audit", events);
  };
  auto with_projects = [](ModelGraph& g) {
    Table p = table("projects", {column("tenant_id", "bigint"), column("name", "character varying(200)"),
                                 column("archived", "boolean", false, "false"), column("parent_id", "bigint", true)});
    p.comment = "Tenant's projects";
    p.columns[3].comment = "Hidden from lists";
    p.uniques = {{"uq_projects_tenant_id_name", {"tenant_id", "name"}}};
    p.checks = {{"ck_projects_name", "length(name) > 0"}};
    p.foreign_keys = {foreign_key("fk_projects_parent_id_projects", "parent_id", "projects", "public", FkAction::SetNull),
                      foreign_key("fk_projects_tenant_id_tenants", "tenant_id", "tenants", "public", FkAction::Cascade)};
    p.foreign_keys[1].on_update = FkAction::Restrict;
    p.indexes = {{"ix_projects_tenant_id", {"tenant_id"}, false}};
    add(g, "public", p);
  };
  auto with_status_enum = [](ModelGraph& g) { add_enum(g, "public", EnumType{"user_status", {"active", "it's off"}}); };
  auto with_team_label = [](ModelGraph& g) { g.find_schema("public")->enums[0].labels = {"free", "team", "pro"}; };
  auto with_locale = [](ModelGraph& g) {
    Column locale = column("locale", "character varying(10)", false, "'en'");
    locale.comment = "BCP 47 tag";
    users(g).columns.insert(users(g).columns.begin() + 3, locale);
  };
  auto with_tags = [](ModelGraph& g, bool keyed) {
    Table tags = table("tags", {column("label", "text")});
    if (!keyed) tags.primary_key = {};
    add(g, "public", tags);
  };
  auto with_unique = [](ModelGraph& g) { users(g).uniques = {{"uq_users_email", {"email"}}}; };
  auto with_check = [](ModelGraph& g) { users(g).checks = {{"ck_users_age", "age >= 0 AND age < 200"}}; };
  auto with_index = [](ModelGraph& g) {
    users(g).indexes.push_back({"ix_users_tenant_id_created_at", {"tenant_id", "created_at"}, true});
    g.canonicalize();
  };
  auto without_fk = [](ModelGraph& g) { users(g).foreign_keys.clear(); };
  auto swap = [](auto add_side) {
    return [add_side](ModelGraph& before, ModelGraph& after, RenameHints& hints) { add_side(after, before, hints); };
  };

  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_schema =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_audit(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_enum =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_status_enum(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_enum_value =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_team_label(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_table =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_projects(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_column =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_locale(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_primary_key =
      [=](ModelGraph& before, ModelGraph& after, RenameHints&) {
        with_tags(before, false);
        with_tags(after, true);
      };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_unique =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_unique(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_check =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_check(after); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> add_foreign_key =
      [=](ModelGraph& before, ModelGraph&, RenameHints&) { without_fk(before); };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_index =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_index(after); };
  // Citus: tenants becomes a reference table and a new table is distributed; its foreign key to
  // tenants is added after both are distributed.
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> distribute = [](ModelGraph&, ModelGraph& after,
                                                                               RenameHints&) {
    tenants(after).distribution = Distribution{Distribution::Kind::Reference, "", ""};
    Table orders = table("orders", {column("tenant_id", "bigint")});
    orders.primary_key.columns = {"tenant_id", "id"};
    orders.foreign_keys = {foreign_key("fk_orders_tenant_id_tenants", "tenant_id", "tenants")};
    orders.distribution = Distribution{Distribution::Kind::Distributed, "tenant_id", ""};
    add(after, "public", orders);
  };
  // A backslash in a literal and a quote in a role name: escaped whatever standard_conforming_strings is.
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_policy =
      [=](ModelGraph& before, ModelGraph& after, RenameHints&) {
        users(before).row_security = true;
        users(after).row_security = true;
        users(after).policies = {{"tenant_isolation", "ALL", "tenant_id = current_setting('app.tenant_id')::bigint",
                                  "email NOT LIKE '%\\%'", {"app \"user\"", "app_admin"}}};
      };

  // SQL objects: a view on users; replaced when only its WHERE changes.
  auto with_view = [](ModelGraph& g, const std::string& where) {
    g.schema("public").sql_objects = {{SqlObjectKind::View, "adults", "",
                                       "VIEW public.adults AS\nSELECT email, age FROM public.users WHERE " + where,
                                       {"public.users"}}};
  };
  std::function<void(ModelGraph&, ModelGraph&, RenameHints&)> create_sql_object =
      [=](ModelGraph&, ModelGraph& after, RenameHints&) { with_view(after, "age >= 18"); };

  return {
      {"create_sql_object", create_sql_object},
      {"drop_sql_object", swap(create_sql_object)},
      {"replace_sql_object",
       [=](ModelGraph& before, ModelGraph& after, RenameHints&) {
         with_view(before, "age >= 18");
         with_view(after, "age >= 21");
       }},
      {"create_schema", create_schema},
      {"drop_schema", swap(create_schema)},
      {"create_enum", create_enum},
      {"drop_enum", swap(create_enum)},
      {"add_enum_value", add_enum_value},
      {"drop_enum_value", swap(add_enum_value)},
      {"create_table", create_table},
      {"drop_table", swap(create_table)},
      {"rename_table",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         // PostgreSQL keeps constraint and index names through a rename, and so does the model here.
         Table accounts = users(after);
         accounts.name = "accounts";
         after.find_schema("public")->tables.erase(after.find_schema("public")->tables.begin() + 1);
         add(after, "public", accounts);
         hints.tables["public.accounts"] = "users";
       }},
      {"set_table_schema",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         // Issue 14: STRATA_RENAMED_FROM("public.users") on a table of schema "archive"; the
         // foreign keys that reference it follow it.
         Table moved = users(after);
         after.find_schema("public")->tables.erase(after.find_schema("public")->tables.begin() + 1);
         for (Schema& s : after.schemas)
           for (Table& t : s.tables)
             for (ForeignKey& fk : t.foreign_keys)
               if (fk.ref_table == "users") fk.ref_schema = "archive";
         add(after, "archive", moved);
         hints.tables["archive.users"] = "public.users";
       }},
      {"add_column", add_column},
      {"drop_column", swap(add_column)},
      {"rename_column",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         users(after).find_column("email")->name = "email_address";
         users(after).indexes[0].columns = {"email_address"};
         hints.columns["public.users.email_address"] = "email";
       }},
      {"alter_column",
       [](ModelGraph&, ModelGraph& after, RenameHints&) {
         Column& age = *users(after).find_column("age");
         age.type = "bigint";
         age.nullable = true;
         age.default_expr = "18";
         Column& name = *tenants(after).find_column("name");
         name.type = "character varying(120)";
         Column& id = *tenants(after).find_column("id");
         id.identity = false;
       }},
      {"set_table_comment",
       [](ModelGraph&, ModelGraph& after, RenameHints&) { tenants(after).comment = "Customers' organisations"; }},
      {"set_column_comment",
       [](ModelGraph& before, ModelGraph& after, RenameHints&) {
         tenants(before).find_column("name")->comment = "old";
         tenants(after).find_column("name")->comment = "Display name, e.g. 'ACME'";
       }},
      {"add_primary_key", add_primary_key},
      {"drop_primary_key", swap(add_primary_key)},
      {"add_unique", add_unique},
      {"drop_unique", swap(add_unique)},
      {"add_check", add_check},
      {"drop_check", swap(add_check)},
      {"add_foreign_key", add_foreign_key},
      {"drop_foreign_key", swap(add_foreign_key)},
      {"create_index", create_index},
      {"drop_index", swap(create_index)},
      {"rename_constraint",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         // The conventional names follow the table: a rename of each, no rebuilt key.
         Table members = users(after);
         members.name = "members";
         members.primary_key.name = "pk_members";
         members.foreign_keys[0].name = "fk_members_tenant_id_tenants";
         after.find_schema("public")->tables.erase(after.find_schema("public")->tables.begin() + 1);
         add(after, "public", members);
         hints.tables["public.members"] = "users";
       }},
      {"rename_index",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         users(after).find_column("email")->name = "email_address";
         users(after).indexes[0] = {"ix_users_email_address", {"email_address"}, false};
         hints.columns["public.users.email_address"] = "email";
       }},
      {"rename_enum",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         // The column using the type follows it: no conversion, no lost rows.
         after.find_schema("public")->enums[0].name = "plan";
         tenants(after).find_column("plan")->type = "\"public\".\"plan\"";
         tenants(after).find_column("plan")->default_expr = "'free'::\"public\".\"plan\"";
         hints.enums["public.plan"] = "tenant_plan";
       }},
      {"set_row_security", [](ModelGraph&, ModelGraph& after, RenameHints&) { users(after).row_security = true; }},
      {"create_policy", create_policy},
      {"drop_policy", swap(create_policy)},
      {"rename_enum_value",
       [](ModelGraph&, ModelGraph& after, RenameHints& hints) {
         after.find_schema("public")->enums[0].labels[1] = "professional";
         hints.enum_labels["public.tenant_plan.professional"] = "pro";
       }},
      {"distribute_table", distribute},
      {"undistribute_table", swap(distribute)},
  };
}

TEST(PostgresDialect, GoldenSqlForEveryOperationKind) {
  std::set<std::string> covered;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.kind);
    ModelGraph before = base();
    ModelGraph after = base();
    RenameHints hints;
    c.build(before, after, hints);
    const std::vector<Operation> ops = diff(before, after, hints);
    bool has_kind = false;
    for (const Operation& op : ops) has_kind |= kind_name(op) == c.kind;
    EXPECT_TRUE(has_kind) << "the pair does not produce a " << c.kind;
    covered.insert(c.kind);
    expect_matches_golden("ops/" + c.kind + "/up.sql", render_script(render(ops)));
    expect_matches_golden("ops/" + c.kind + "/down.sql", render_script(render(reverse(ops))));
  }
  EXPECT_EQ(covered.size(), std::variant_size_v<Operation>);
}

// Issue 10: a type change never converts with an explicit cast where PostgreSQL's assignment cast
// would refuse a value that does not fit (an explicit cast truncates varchar and rounds numeric).
std::string type_change_sql(const std::string& from, const std::string& to) {
  AlterColumn op{"public", "t", column("c", from), column("c", to), kChangeType};
  return render(Operation{op}).at(0).sql;
}

TEST(PostgresDialect, NarrowingUsesTheAssignmentCast) {
  EXPECT_EQ(type_change_sql("character varying(16)", "character varying(8)"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE character varying(8)");
  EXPECT_EQ(type_change_sql("text", "character varying(32)"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE character varying(32)");
  EXPECT_EQ(type_change_sql("bigint", "integer"), "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE integer");
  EXPECT_EQ(type_change_sql("numeric(12,2)", "numeric(8,2)"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE numeric(8,2)");
  EXPECT_EQ(type_change_sql("character varying(16)[]", "character varying(8)[]"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE character varying(8)[]");
  // Conversions without an assignment cast keep their explicit one.
  EXPECT_EQ(type_change_sql("text", "uuid"), "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE uuid USING \"c\"::uuid");
  EXPECT_EQ(type_change_sql("text", "bigint"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE bigint USING \"c\"::bigint");
}

TEST(PostgresDialect, AValueTheNewScaleWouldRoundFailsTheStatement) {
  EXPECT_EQ(type_change_sql("numeric(12,4)", "numeric(8,2)"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE numeric(8,2) USING CASE WHEN \"c\" = round(\"c\", 2) "
            "THEN \"c\" ELSE ('strata: column c holds a value that numeric(8,2) would round: ' || \"c\")::numeric END");
  EXPECT_NE(type_change_sql("numeric", "integer").find("CASE WHEN \"c\" = round(\"c\", 0)"), std::string::npos);
  EXPECT_NE(type_change_sql("double precision", "bigint").find("CASE WHEN \"c\"::numeric = round(\"c\"::numeric, 0)"),
            std::string::npos);
  EXPECT_NE(type_change_sql("text", "numeric(8,2)").find("CASE WHEN \"c\"::numeric = round(\"c\"::numeric, 2)"),
            std::string::npos);
  EXPECT_EQ(type_change_sql("numeric(8,2)", "numeric(12,4)").find("USING"), std::string::npos);
}

TEST(PostgresDialect, EnumConversionsGoThroughText) {
  const std::string a = "\"public\".\"a\"", b = "\"public\".\"b\"";
  EXPECT_EQ(type_change_sql(a, b), "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE " + b + " USING \"c\"::text::" + b);
  EXPECT_EQ(type_change_sql(a + "[]", b + "[]"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE " + b + "[] USING \"c\"::text[]::" + b + "[]");
  EXPECT_EQ(type_change_sql("character varying(20)", a),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE " + a + " USING \"c\"::text::" + a);
  // To a string type: the assignment cast, which refuses a label too long for varchar(n).
  EXPECT_EQ(type_change_sql(a, "character varying(3)"),
            "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" TYPE character varying(3)");
}

TEST(PostgresDialect, AddedIdentityRestartsAfterTheLargestValue) {
  Column from = column("it's", "bigint");
  Column to = from;
  to.identity = true;
  const std::vector<Statement> sql = render(Operation{AlterColumn{"s\"x", "t", from, to, kChangeIdentity}});
  ASSERT_EQ(sql.size(), 2u);
  EXPECT_EQ(sql[1].sql,
            "SELECT setval(pg_get_serial_sequence('\"s\"\"x\".\"t\"', 'it''s'), greatest(max(\"it's\"), 0) + 1, false) "
            "FROM \"s\"\"x\".\"t\"");
  // Dropping it needs nothing more.
  EXPECT_EQ(render(Operation{AlterColumn{"s", "t", to, from, kChangeIdentity}}).size(), 1u);
}

TEST(PostgresDialect, Quoting) {
  EXPECT_EQ(quote_identifier("users"), "\"users\"");
  EXPECT_EQ(quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(quote_qualified("audit", "Events"), "\"audit\".\"Events\"");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
  const auto sql = render(RenameColumn{"my\"schema", "t", "a\"b", "c"});
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_EQ(sql[0].sql, "ALTER TABLE \"my\"\"schema\".\"t\" RENAME COLUMN \"a\"\"b\" TO \"c\"");
}

// With standard_conforming_strings off a backslash escapes in '...': a comment ending in '\'
// would swallow its closing quote and run the rest as SQL. A backslash makes the literal E'...'.
TEST(PostgresDialect, LiteralsWithABackslashMeanTheSameWhateverTheSetting) {
  EXPECT_EQ(quote_literal("C:\\temp"), "E'C:\\\\temp'");
  EXPECT_EQ(quote_literal("path C:\\temp\\'; DROP TABLE \"public\".\"victim\"; --"),
            "E'path C:\\\\temp\\\\''; DROP TABLE \"public\".\"victim\"; --'");
  EXPECT_EQ(quote_literal("no backslash"), "'no backslash'");
  const auto sql = render(SetTableComment{"public", "t", std::nullopt, "C:\\temp"});
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_EQ(sql[0].sql, "COMMENT ON TABLE \"public\".\"t\" IS E'C:\\\\temp'");
  // SQL annotations are read with standard_conforming_strings on; their '...' strings holding a
  // backslash are rendered as E'...' for the same reason.
  Column column{"path", "text", false, "'C:\\temp\\'", false, std::nullopt};
  EXPECT_EQ(render(AddColumn{"public", "t", column, {}})[0].sql,
            "ALTER TABLE \"public\".\"t\" ADD COLUMN \"path\" text DEFAULT E'C:\\\\temp\\\\' NOT NULL");
}

// ADD VALUE runs in the revision's transaction (PostgreSQL 12+) with IF NOT EXISTS, so a failed
// revision leaves no label and a retry succeeds; a later statement of the same revision that uses
// the label starts a new step (it must see the label committed).
TEST(PostgresDialect, AddingAnEnumLabelRunsInTheTransactionAndSplitsWhereUsed) {
  const auto add = render(AddEnumValue{"public", "plan", "team", {}, {"free"}, {}});
  ASSERT_EQ(add.size(), 1u);
  EXPECT_TRUE(add[0].transactional);
  EXPECT_FALSE(requires_no_transaction(add[0].sql));
  EXPECT_NE(add[0].sql.find("ADD VALUE IF NOT EXISTS 'team'"), std::string::npos) << add[0].sql;
  for (const Statement& s : render(DropEnumValue{"public", "plan", "team", {}, {"free"}, {}})) EXPECT_TRUE(s.transactional);
  for (const Statement& s : render(CreateIndex{"public", "t", {"ix", {"a"}, false}})) {
    EXPECT_TRUE(s.transactional);
    EXPECT_FALSE(requires_no_transaction(s.sql));
  }
  Column tier;
  tier.name = "tier";
  tier.type = "\"public\".\"plan\"";
  tier.default_expr = "'team'::\"public\".\"plan\"";
  Column other = tier;
  other.name = "other";
  other.default_expr = "'free'::\"public\".\"plan\"";
  const std::vector<std::vector<Statement>> steps = render_each({
      AddEnumValue{"public", "plan", "team", {}, {"free"}, {}},
      AddColumn{"public", "accounts", other, {}},
      AddColumn{"public", "accounts", tier, {}},
      AddColumn{"public", "users", tier, {}},
  });
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_FALSE(steps[1].front().starts_step);  // does not use the new label
  EXPECT_TRUE(steps[2].front().starts_step);
  EXPECT_FALSE(steps[3].front().starts_step);  // the label is committed by then
}

// Online forms: what must run outside a transaction does, and a VALIDATE (or the SET NOT NULL
// after it) starts a step of its own, so the NOT VALID add is committed when it runs.
TEST(PostgresDialect, OnlineFormsSplitWhereALockWouldBeHeld) {
  const std::vector<Statement> index = render_online(CreateIndex{"public", "users", {"ix_users_age", {"age"}, false}});
  ASSERT_EQ(index.size(), 1u);
  EXPECT_EQ(index[0].sql, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix_users_age\" ON \"public\".\"users\" (\"age\")");
  EXPECT_FALSE(index[0].transactional);
  EXPECT_TRUE(requires_no_transaction(index[0].sql));

  const std::vector<Statement> fk = render_online(AddForeignKey{
      "public", "users", foreign_key("fk_users_tenant_id_tenants", "tenant_id", "tenants", "public", FkAction::Cascade)});
  ASSERT_EQ(fk.size(), 2u);
  EXPECT_NE(fk[0].sql.find(" NOT VALID"), std::string::npos) << fk[0].sql;
  EXPECT_FALSE(fk[0].starts_step);
  EXPECT_EQ(fk[1].sql, "ALTER TABLE \"public\".\"users\" VALIDATE CONSTRAINT \"fk_users_tenant_id_tenants\"");
  EXPECT_TRUE(fk[1].starts_step);

  Column nullable = column("email", "text", true);
  Column required = column("email", "text", false);
  const std::vector<Statement> not_null =
      render_online(AlterColumn{"public", "users", nullable, required, kChangeNullable});
  ASSERT_EQ(not_null.size(), 4u);
  EXPECT_EQ(not_null[0].sql,
            "ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"ck_users_email_not_null\" CHECK (\"email\" IS NOT NULL) "
            "NOT VALID");
  EXPECT_TRUE(not_null[1].starts_step);
  EXPECT_EQ(not_null[2].sql, "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET NOT NULL");
  EXPECT_TRUE(not_null[2].starts_step);
  EXPECT_EQ(not_null[3].sql, "ALTER TABLE \"public\".\"users\" DROP CONSTRAINT \"ck_users_email_not_null\"");
  // Dropping NOT NULL has no online form of its own.
  EXPECT_EQ(render_online(AlterColumn{"public", "users", required, nullable, kChangeNullable}),
            render(Operation{AlterColumn{"public", "users", required, nullable, kChangeNullable}}));
}

TEST(PostgresDialect, ScriptJoinsStatementsWithSemicolons) {
  EXPECT_EQ(render_script({}), "");
  EXPECT_EQ(render_script({{"SELECT 1"}, {"SELECT 2", false}}), "SELECT 1;\nSELECT 2;\n");
}

TEST(RequiresNoTransaction, Detects) {
  for (const char* sql : {
           "CREATE INDEX CONCURRENTLY ix ON t (a)",
           "create unique index concurrently ix on t (a)",
           "  -- a comment\n  /* block /* nested */ still */ DROP INDEX CONCURRENTLY IF EXISTS ix",
           "REINDEX INDEX CONCURRENTLY ix",
           "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
           "REINDEX DATABASE app",
           "REINDEX SCHEMA public",
           "VACUUM ANALYZE t",
           "vacuum",
           "CREATE DATABASE x",
           "DROP DATABASE IF EXISTS x",
           "ALTER SYSTEM SET work_mem = '64MB'",
           "CREATE TABLESPACE fast LOCATION '/ssd'",
           "DROP TABLESPACE fast",
           "ALTER DATABASE app SET TABLESPACE fast",
           "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
           "CLUSTER",
           "COMMIT PREPARED 'tx1'",
           "DISCARD ALL",
       })
    EXPECT_TRUE(requires_no_transaction(sql)) << sql;
}

TEST(RequiresNoTransaction, LeavesOrdinaryStatementsAlone) {
  for (const char* sql : {
           "",
           "   \n -- only a comment",
           "CREATE INDEX ix ON t (a)",
           "CREATE INDEX \"concurrently\" ON t (a)",
           "DROP INDEX ix",
           "UPDATE t SET note = 'VACUUM'",
           "-- VACUUM\nSELECT 1",
           "/* CREATE DATABASE */ INSERT INTO t VALUES (1)",
           "ALTER TABLE t ADD COLUMN value integer",
           "ALTER TYPE plan RENAME VALUE 'a' TO 'b'",
           "CLUSTER t USING ix",
           "REINDEX TABLE t",
           "SELECT $$VACUUM$$",
           "CREATE TABLE database (id int)",
       })
    EXPECT_FALSE(requires_no_transaction(sql)) << sql;
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

// Issue 14: index keys as expressions with direction and opclass, method, INCLUDE, NULLS NOT
// DISTINCT and a predicate, in the order PostgreSQL 15 reads them; identifiers quoted.
TEST(PostgresDialect, IndexVocabulary) {
  Index index{"ux_users_email", {"(lower(email))", "created_at DESC NULLS LAST", "tags public.gin_trgm_ops"}, true};
  index.method = "gin";
  index.include = {"name"};
  index.nulls_not_distinct = true;
  index.where = "deleted_at IS NULL AND note <> 'C:\\'";
  EXPECT_EQ(render(CreateIndex{"public", "users", index}).at(0).sql,
            "CREATE UNIQUE INDEX \"ux_users_email\" ON \"public\".\"users\" USING \"gin\" ((lower(email)), "
            "\"created_at\" DESC NULLS LAST, \"tags\" \"public\".\"gin_trgm_ops\") INCLUDE (\"name\") NULLS NOT "
            "DISTINCT WHERE (deleted_at IS NULL AND note <> E'C:\\\\')");
  EXPECT_EQ(render(CreateIndex{"public", "users", {"ix", {"email"}, false}}).at(0).sql,
            "CREATE INDEX \"ix\" ON \"public\".\"users\" (\"email\")");
  EXPECT_EQ(render(AddUnique{"public", "roles", {"uq_roles_tenant_name", {"tenant_id", "name"}, true}}).at(0).sql,
            "ALTER TABLE \"public\".\"roles\" ADD CONSTRAINT \"uq_roles_tenant_name\" UNIQUE NULLS NOT DISTINCT "
            "(\"tenant_id\", \"name\")");
  Column total;
  total.name = "total";
  total.type = "numeric";
  total.nullable = true;
  total.generated = "price * qty";
  EXPECT_EQ(render(AddColumn{"public", "lines", total, {}}).at(0).sql,
            "ALTER TABLE \"public\".\"lines\" ADD COLUMN \"total\" numeric GENERATED ALWAYS AS (price * qty) STORED");
}

}  // namespace
}  // namespace strata

// diff(): the operations and their order, on graphs built in memory.
#include "core/diff.hpp"

#include <gtest/gtest.h>

#include "core/apply.hpp"
#include "model_graph_builder.hpp"

namespace strata {
namespace {

using namespace strata::testing;

std::vector<std::string> described(const std::vector<Operation>& ops) {
  std::vector<std::string> lines;
  for (const Operation& op : ops) lines.push_back(describe(op));
  return lines;
}

// Every diff in this file must also replay exactly, both ways.
std::vector<std::string> diff_and_check(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints = {}) {
  const std::vector<Operation> ops = diff(from, to, hints);
  ModelGraph up = from;
  apply(up, ops);
  EXPECT_EQ(up, to) << "apply(from, diff) differs from `to`";
  ModelGraph down = to;
  apply(down, reverse(ops));
  EXPECT_EQ(down, from) << "apply(to, reverse(diff)) differs from `from`";
  EXPECT_EQ(diff(from, to, hints), ops) << "diff is not deterministic";
  return described(ops);
}

ModelGraph tenants_and_users() {
  ModelGraph g;
  Table tenants = table("tenants", {column("name", "text")});
  Table users = table("users", {column("tenant_id", "bigint"), column("email", "text")});
  users.foreign_keys = {foreign_key("fk_users_tenant_id_tenants", "tenant_id", "tenants", "public", FkAction::Cascade)};
  users.indexes = {{"ix_users_email", {"email"}, true}};
  add(g, "public", tenants);
  add(g, "public", users);
  return g;
}

// A column renamed with its foreign key's conventional name following it: the key is renamed in
// place (or rebuilt), and the plan replays both ways.
TEST(Diff, RenamedColumnWhoseForeignKeyNameFollowsIt) {
  const ModelGraph before = tenants_and_users();
  ModelGraph after = before;
  Table& users = *after.find_table("public", "users");
  users.find_column("tenant_id")->name = "owner_id";
  users.foreign_keys[0].columns = {"owner_id"};
  users.foreign_keys[0].name = "fk_users_owner_id_tenants";
  after.canonicalize();
  RenameHints hints;
  hints.columns["public.users.owner_id"] = "tenant_id";
  diff_and_check(before, after, hints);
}

TEST(Diff, IdenticalGraphsGiveNothing) {
  EXPECT_TRUE(diff(ModelGraph{}, ModelGraph{}).empty());
  const ModelGraph g = tenants_and_users();
  EXPECT_TRUE(diff(g, g).empty());
}

TEST(Diff, ColumnOrderAloneGivesNothing) {
  ModelGraph a = tenants_and_users();
  ModelGraph b = a;
  std::swap(b.find_table("public", "tenants")->columns[0], b.find_table("public", "tenants")->columns[1]);
  EXPECT_TRUE(diff(a, b).empty());
}

TEST(Diff, PublicIsNeverCreatedOtherSchemasAre) {
  ModelGraph to = tenants_and_users();
  add(to, "audit", table("events"));
  EXPECT_EQ(diff_and_check(ModelGraph{}, to),
            (std::vector<std::string>{"create schema audit", "create table audit.events", "create table public.tenants",
                                      "create table public.users", "create unique index ix_users_email on public.users"}));
  EXPECT_EQ(diff_and_check(to, ModelGraph{}),
            (std::vector<std::string>{"drop index ix_users_email on public.users", "drop table public.users",
                                      "drop table public.tenants", "drop table audit.events", "drop schema audit"}));
}

TEST(Diff, TablesAreCreatedAfterWhatTheyReference) {
  // Alphabetical order would be wrong: accounts -> regions -> zones.
  ModelGraph to;
  Table accounts = table("accounts", {column("region_id", "bigint")});
  accounts.foreign_keys = {foreign_key("fk_accounts_region", "region_id", "regions")};
  Table regions = table("regions", {column("zone_id", "bigint")});
  regions.foreign_keys = {foreign_key("fk_regions_zone", "zone_id", "zones")};
  add(to, "public", accounts);
  add(to, "public", regions);
  add(to, "public", table("zones"));
  const std::vector<Operation> ops = diff(ModelGraph{}, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"create table public.zones", "create table public.regions",
                                                      "create table public.accounts"}));
  // The foreign keys travel inside CREATE TABLE.
  EXPECT_EQ(std::get<CreateTable>(ops[2]).table.foreign_keys.size(), 1u);
  diff_and_check(ModelGraph{}, to);
  EXPECT_EQ(diff_and_check(to, ModelGraph{}), (std::vector<std::string>{"drop table public.accounts", "drop table public.regions",
                                                                        "drop table public.zones"}));
}

TEST(Diff, SelfReferenceIsAddedAfterTheTable) {
  ModelGraph to;
  Table categories = table("categories", {column("parent_id", "bigint", true)});
  categories.foreign_keys = {foreign_key("fk_categories_parent", "parent_id", "categories")};
  add(to, "public", categories);
  const std::vector<Operation> ops = diff(ModelGraph{}, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"create table public.categories",
                                                      "add foreign key fk_categories_parent on public.categories"}));
  EXPECT_TRUE(std::get<CreateTable>(ops[0]).table.foreign_keys.empty());
  diff_and_check(ModelGraph{}, to);
  EXPECT_EQ(diff_and_check(to, ModelGraph{}),
            (std::vector<std::string>{"drop foreign key fk_categories_parent on public.categories", "drop table public.categories"}));
}

TEST(Diff, ForeignKeyCycleIsClosedAfterBothTables) {
  ModelGraph to;
  Table a = table("a", {column("b_id", "bigint", true)});
  a.foreign_keys = {foreign_key("fk_a_b", "b_id", "b")};
  Table b = table("b", {column("a_id", "bigint", true)});
  b.foreign_keys = {foreign_key("fk_b_a", "a_id", "a")};
  add(to, "public", a);
  add(to, "public", b);
  const std::vector<Operation> ops = diff(ModelGraph{}, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"create table public.a", "create table public.b",
                                                      "add foreign key fk_a_b on public.a"}));
  EXPECT_EQ(std::get<CreateTable>(ops[1]).table.foreign_keys.size(), 1u);  // b -> a, a exists by then
  diff_and_check(ModelGraph{}, to);
  EXPECT_EQ(diff_and_check(to, ModelGraph{}), (std::vector<std::string>{"drop foreign key fk_a_b on public.a",
                                                                        "drop table public.b", "drop table public.a"}));
}

TEST(Diff, RenamesFollowTheHints) {
  ModelGraph from = tenants_and_users();
  ModelGraph to;
  Table orgs = table("organizations", {column("display_name", "text")});
  orgs.primary_key.name = "pk_tenants";  // PostgreSQL keeps constraint names through a rename
  Table users = table("users", {column("tenant_id", "bigint"), column("email", "text")});
  users.foreign_keys = {foreign_key("fk_users_tenant_id_tenants", "tenant_id", "organizations", "public", FkAction::Cascade)};
  users.indexes = {{"ix_users_email", {"email"}, true}};
  add(to, "public", orgs);
  add(to, "public", users);
  RenameHints hints;
  hints.tables["public.organizations"] = "tenants";
  hints.columns["public.organizations.display_name"] = "name";
  EXPECT_EQ(diff_and_check(from, to, hints),
            (std::vector<std::string>{"rename table public.tenants to organizations",
                                      "rename column public.organizations.name to display_name"}));
  // Without hints it is a drop and a create (and the FK moves with them).
  const std::vector<std::string> plain = diff_and_check(from, to);
  EXPECT_NE(std::find(plain.begin(), plain.end(), "drop table public.tenants"), plain.end());
  EXPECT_NE(std::find(plain.begin(), plain.end(), "create table public.organizations"), plain.end());
}

// Conventional names follow the table and column names: the objects are renamed in place,
// never dropped and rebuilt (no index rebuild, no foreign key dropped and re-added).
TEST(Diff, ConventionalNamesFollowRenamesWithoutRebuilds) {
  ModelGraph from = tenants_and_users();
  ModelGraph to;
  Table orgs = table("organizations", {column("name", "text")});
  Table users = table("users", {column("tenant_id", "bigint"), column("login", "text")});
  users.foreign_keys = {foreign_key("fk_users_tenant_id_organizations", "tenant_id", "organizations", "public", FkAction::Cascade)};
  users.indexes = {{"ix_users_login", {"login"}, true}};
  add(to, "public", orgs);
  add(to, "public", users);
  RenameHints hints;
  hints.tables["public.organizations"] = "tenants";
  hints.columns["public.users.login"] = "email";
  EXPECT_EQ(diff_and_check(from, to, hints),
            (std::vector<std::string>{
                "rename table public.tenants to organizations", "rename column public.users.email to login",
                "rename constraint pk_tenants on public.organizations to pk_organizations",
                "rename constraint fk_users_tenant_id_tenants on public.users to fk_users_tenant_id_organizations",
                "rename index ix_users_email on public.users to ix_users_login"}));
}

TEST(Diff, ARenamedObjectWhoseDefinitionChangesIsRebuilt) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  to.find_table("public", "users")->indexes = {{"ix_users_mail", {"email"}, false}};  // no longer unique
  to.find_table("public", "users")->foreign_keys[0].name = "fk_users_tenant";
  to.find_table("public", "users")->foreign_keys[0].on_delete = FkAction::Restrict;
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop foreign key fk_users_tenant_id_tenants on public.users",
                                      "drop index ix_users_email on public.users",
                                      "create index ix_users_mail on public.users",
                                      "add foreign key fk_users_tenant on public.users"}));
}

TEST(Diff, RenamesPairOneToOne) {
  ModelGraph from = tenants_and_users();
  from.find_table("public", "users")->indexes = {{"ix_a", {"email"}, false}, {"ix_b", {"email"}, false}};
  ModelGraph to = from;
  to.find_table("public", "users")->indexes = {{"ix_b", {"email"}, false}, {"ix_c", {"email"}, false}};
  // ix_b stays; ix_a, the only one to go, becomes ix_c.
  EXPECT_EQ(diff_and_check(from, to), (std::vector<std::string>{"rename index ix_a on public.users to ix_c"}));
  to.find_table("public", "users")->indexes = {{"ix_c", {"email"}, false}, {"ix_d", {"email"}, false}};
  EXPECT_EQ(diff_and_check(from, to), (std::vector<std::string>{"rename index ix_a on public.users to ix_c",
                                                                "rename index ix_b on public.users to ix_d"}));
}

TEST(Diff, InertHintsAreIgnored) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  RenameHints hints;
  hints.tables["public.users"] = "members";             // users already exists
  hints.columns["public.users.email"] = "mail";         // email already exists
  hints.columns["public.tenants.name"] = "nonexistent";
  EXPECT_TRUE(diff(from, to, hints).empty());
}

TEST(Diff, ColumnChangesInOrder) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  Table& users = *to.find_table("public", "users");
  users.columns.insert(users.columns.begin() + 1, column("locale", "text", false, "'en'"));
  users.find_column("email")->type = "character varying(320)";
  users.find_column("email")->comment = "login";
  users.comment = "People who sign in";
  Table& tenants = *to.find_table("public", "tenants");
  tenants.columns.pop_back();  // drop name
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop column public.tenants.name", "add column public.users.locale",
                                      "alter column public.users.email (type)", "set comment on column public.users.email",
                                      "set comment on table public.users"}));
}

TEST(Diff, ChangedDefinitionUnderTheSameNameIsDropAndAdd) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  to.find_table("public", "users")->indexes[0].columns = {"tenant_id", "email"};
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop index ix_users_email on public.users",
                                      "create unique index ix_users_email on public.users"}));
}

TEST(Diff, ForeignKeyIsRebuiltAroundTheKeyItRestsOn) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  // The key changes (a unique takes over the referenced column): the FK goes and comes back.
  to.find_table("public", "tenants")->primary_key = {"tenants_pkey", {"id", "name"}};
  to.find_table("public", "tenants")->uniques = {{"uq_tenants_id", {"id"}}};
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop foreign key fk_users_tenant_id_tenants on public.users",
                                      "drop primary key pk_tenants on public.tenants",
                                      "add primary key tenants_pkey on public.tenants",
                                      "add unique constraint uq_tenants_id on public.tenants",
                                      "add foreign key fk_users_tenant_id_tenants on public.users"}));
}

// Citus refuses to change the distribution of a table a foreign key ties to another: the keys
// from it and to it go before, and come back after.
TEST(Diff, ForeignKeysOnBothSidesOfARedistributedTableAreRebuiltAroundIt) {
  ModelGraph from = tenants_and_users();
  Table projects = table("projects", {column("user_id", "bigint")});
  projects.foreign_keys = {foreign_key("fk_projects_user_id_users", "user_id", "users", "public", FkAction::Cascade)};
  add(from, "public", projects);
  from.find_table("public", "tenants")->distribution = Distribution{Distribution::Kind::Reference, "", ""};
  from.find_table("public", "users")->distribution = Distribution{Distribution::Kind::Reference, "", ""};
  ModelGraph to = from;
  to.find_table("public", "users")->distribution.reset();  // back to a plain table
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop foreign key fk_projects_user_id_users on public.projects",
                                      "drop foreign key fk_users_tenant_id_tenants on public.users",
                                      "undistribute table public.users",
                                      "add foreign key fk_projects_user_id_users on public.projects",
                                      "add foreign key fk_users_tenant_id_tenants on public.users"}));
}

TEST(Diff, RenamedKeyKeepsTheForeignKeysOnIt) {
  ModelGraph from = tenants_and_users();
  ModelGraph to = from;
  to.find_table("public", "tenants")->primary_key.name = "tenants_pkey";
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"rename constraint pk_tenants on public.tenants to tenants_pkey"}));
}

TEST(Diff, NewTableReferencingAChangedKeyGetsItsForeignKeyLater) {
  ModelGraph from;
  add(from, "public", table("tenants"));
  ModelGraph to = from;
  to.find_table("public", "tenants")->columns.push_back(column("name", "text"));
  from.find_table("public", "tenants")->columns.push_back(column("name", "text"));
  to.find_table("public", "tenants")->primary_key = {"tenants_pkey", {"id", "name"}};
  to.find_table("public", "tenants")->uniques = {{"uq_tenants_id", {"id"}}};
  Table projects = table("projects", {column("tenant_id", "bigint")});
  projects.foreign_keys = {foreign_key("fk_projects_tenant", "tenant_id", "tenants")};
  add(to, "public", projects);
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop primary key pk_tenants on public.tenants", "create table public.projects",
                                      "add primary key tenants_pkey on public.tenants",
                                      "add unique constraint uq_tenants_id on public.tenants",
                                      "add foreign key fk_projects_tenant on public.projects"}));
}

TEST(Diff, EnumsComeFirstAndGoLast) {
  ModelGraph from;
  add_enum(from, "public", EnumType{"plan", {"free", "pro"}});
  add_enum(from, "public", EnumType{"legacy", {"x"}});
  Table t = table("tenants", {column("plan", "\"public\".\"plan\"")});
  add(from, "public", t);
  ModelGraph to;
  add_enum(to, "public", EnumType{"plan", {"trial", "free", "team", "pro"}});
  add_enum(to, "public", EnumType{"status", {"active"}});
  add(to, "public", table("tenants", {column("plan", "\"public\".\"plan\""), column("status", "\"public\".\"status\"")}));
  const std::vector<Operation> ops = diff(from, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"create enum public.status", "add enum value 'trial' to public.plan",
                                                      "add enum value 'team' to public.plan",
                                                      "add column public.tenants.status", "drop enum public.legacy"}));
  EXPECT_EQ(std::get<AddEnumValue>(ops[1]).placement, (Placement{Placement::Kind::Before, "free"}));
  EXPECT_EQ(std::get<AddEnumValue>(ops[2]).placement, (Placement{Placement::Kind::After, "free"}));
  EXPECT_EQ(std::get<AddEnumValue>(ops[1]).uses.size(), 1u);
  diff_and_check(from, to);
  const std::vector<std::string> down = diff_and_check(to, from);
  EXPECT_EQ(down.back(), "drop enum public.status");
}

TEST(Diff, MovedEnumLabelIsDroppedAndAddedBack) {
  ModelGraph from;
  add_enum(from, "public", EnumType{"level", {"low", "mid", "high"}});
  ModelGraph to;
  add_enum(to, "public", EnumType{"level", {"high", "low", "mid"}});
  EXPECT_EQ(diff_and_check(from, to), (std::vector<std::string>{"drop enum value 'high' from public.level",
                                                                "add enum value 'high' to public.level"}));
}

// Issue 10, finding 4: a renamed enum or label is renamed in place, never dropped and recreated.
TEST(Diff, EnumAndLabelRenamesFollowTheHints) {
  ModelGraph from;
  add_enum(from, "public", EnumType{"plan", {"free", "pro"}});
  add(from, "public", table("tenants", {column("plan", "\"public\".\"plan\""), column("plans", "\"public\".\"plan\"[]")}));
  ModelGraph to;
  add_enum(to, "public", EnumType{"tier", {"free", "professional", "team"}});
  add(to, "public", table("tenants", {column("plan", "\"public\".\"tier\""), column("plans", "\"public\".\"tier\"[]")}));
  RenameHints hints;
  hints.enums["public.tier"] = "plan";
  hints.enum_labels["public.tier.professional"] = "pro";
  EXPECT_EQ(diff_and_check(from, to, hints),
            (std::vector<std::string>{"rename enum public.plan to tier", "rename enum value 'pro' of public.tier to 'professional'",
                                      "add enum value 'team' to public.tier"}));
  // Without the hints: a new type, a conversion and a drop.
  const std::vector<std::string> unhinted = diff_and_check(from, to);
  EXPECT_EQ(unhinted.front(), "create enum public.tier");
  EXPECT_EQ(unhinted.back(), "drop enum public.plan");
}

TEST(Diff, InertEnumHintsAreIgnored) {
  ModelGraph from;
  add_enum(from, "public", EnumType{"plan", {"free", "pro"}});
  add_enum(from, "public", EnumType{"tier", {"x"}});
  ModelGraph to = from;
  to.find_schema("public")->enums[0].labels = {"free", "pro", "team"};
  RenameHints hints;
  hints.enums["public.tier"] = "plan";                  // tier exists already
  hints.enum_labels["public.plan.team"] = "pro";        // pro stays
  hints.enum_labels["public.plan.free"] = "gratis";     // free exists already
  EXPECT_EQ(diff_and_check(from, to, hints), (std::vector<std::string>{"add enum value 'team' to public.plan"}));
}

TEST(Diff, DependentsAreDroppedBeforeWhatTheyDependOn) {
  ModelGraph from = tenants_and_users();
  ModelGraph to;
  add(to, "public", table("tenants", {column("name", "text")}));
  EXPECT_EQ(diff_and_check(from, to),
            (std::vector<std::string>{"drop index ix_users_email on public.users", "drop table public.users"}));
  // Dropping the referenced table while keeping users drops the FK first.
  ModelGraph only_users;
  add(only_users, "public", table("users", {column("tenant_id", "bigint"), column("email", "text")}));
  only_users.find_table("public", "users")->indexes = {{"ix_users_email", {"email"}, true}};
  EXPECT_EQ(diff_and_check(from, only_users),
            (std::vector<std::string>{"drop foreign key fk_users_tenant_id_tenants on public.users", "drop table public.tenants"}));
}

TEST(Diff, ApplyRejectsOperationsThatDoNotFit) {
  ModelGraph g = tenants_and_users();
  EXPECT_THROW(apply(g, Operation{DropTable{"public", *g.find_table("public", "tenants")}}), ApplyError);  // users references it
  EXPECT_THROW(apply(g, Operation{AddColumn{"public", "users", column("email", "text"), {}}}), ApplyError);
  EXPECT_THROW(apply(g, Operation{CreateTable{"audit", table("x")}}), ApplyError);  // no such schema
  EXPECT_THROW(apply(g, Operation{RenameColumn{"public", "users", "nope", "x"}}), ApplyError);
  EXPECT_EQ(g, tenants_and_users()) << "a rejected operation must leave the graph unchanged";
  try {
    apply(g, Operation{DropColumn{"public", "users", column("nope", "text"), {}}});
    FAIL() << "expected ApplyError";
  } catch (const ApplyError& e) {
    EXPECT_NE(std::string(e.what()).find("drop column public.users.nope"), std::string::npos) << e.what();
  }
}

// Index names are unique per schema. A batch keeps the names it has read (apply.cpp, IndexNames):
// what it adds is seen by the next operation, and what a drop or rename frees is free again.
TEST(Diff, ApplyKeepsIndexNamesUniquePerSchemaAcrossABatch) {
  const Index ix_name{"ix_name", {"name"}, false};
  auto rejected = [](ModelGraph g, const std::vector<Operation>& ops) {
    try {
      apply(g, ops);
    } catch (const ApplyError& e) {
      return std::string(e.what());
    }
    return std::string("(applied)");
  };
  // Taken by an index of another table, by one created earlier in the batch, by a new table's.
  ModelGraph g = tenants_and_users();
  const Operation on_tenants = CreateIndex{"public", "tenants", {"ix_users_email", {"name"}, false}};
  EXPECT_NE(rejected(g, {on_tenants}).find("index public.ix_users_email already exists"), std::string::npos);
  const Operation users_name = CreateIndex{"public", "tenants", ix_name};
  Table other = table("other", {column("name", "text")});
  EXPECT_NE(rejected(g, {users_name, CreateIndex{"public", "users", {"ix_name", {"email"}, false}}}).find(
                "create index ix_name on public.users"),
            std::string::npos);
  other.indexes = {ix_name};
  EXPECT_NE(rejected(g, {CreateTable{"public", other}, users_name}).find("index public.ix_name already exists"),
            std::string::npos);
  // A key's index takes its constraint's name: renaming onto a name an earlier operation created.
  EXPECT_NE(rejected(g, {users_name, RenameConstraint{"public", "tenants", "pk_tenants", "ix_name"}})
                .find("index public.ix_name already exists"),
            std::string::npos);
  // Freed by a drop or a rename earlier in the batch: taken again.
  const Index email_index{"ix_users_email", {"email"}, true};
  EXPECT_EQ(rejected(g, {DropIndex{"public", "users", email_index}, on_tenants}), "(applied)");
  EXPECT_EQ(rejected(g, {RenameIndex{"public", "users", "ix_users_email", "ix_email"}, on_tenants}), "(applied)");
  // The same name in another schema is another index.
  add(g, "audit", table("events", {column("name", "text")}));
  EXPECT_EQ(rejected(g, {users_name, CreateIndex{"audit", "events", ix_name}}), "(applied)");
}

}  // namespace
}  // namespace strata

#include "core/validation.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace strata {

void PrintTo(const Diagnostic& diagnostic, std::ostream* out) { *out << format(diagnostic); }

namespace {

const std::string kFile = "/models/app.hpp";

Column column(std::string name, std::string type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

// public.tenants(id) and public.users(id, tenant_id -> tenants.id, indexed), each declaration
// on its own line of kFile.
struct Fixture {
  ModelGraph graph;
  SourceMap locations;
  RenameHints renames;

  Fixture() {
    Table tenants;
    tenants.name = "tenants";
    tenants.columns = {column("id", "bigint"), column("name", "text")};
    tenants.primary_key = {"pk_tenants", {"id"}};
    Table users;
    users.name = "users";
    users.columns = {column("id", "bigint"), column("tenant_id", "bigint")};
    users.primary_key = {"pk_users", {"id"}};
    users.foreign_keys = {ForeignKey{"fk_users_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}}};
    users.indexes = {Index{"ix_users_tenant_id", {"tenant_id"}, false}};
    graph.schema("public").tables = {tenants, users};
    locations = {{"public.tenants", {kFile, 1, 8}},      {"public.tenants.id", {kFile, 2, 10}},
                 {"public.tenants.name", {kFile, 3, 10}}, {"public.users", {kFile, 5, 8}},
                 {"public.users.id", {kFile, 6, 10}},     {"public.users.tenant_id", {kFile, 7, 10}}};
  }

  Table& tenants() { return *graph.find_table("public", "tenants"); }
  Table& users() { return *graph.find_table("public", "users"); }
  std::vector<Diagnostic> run() const { return validate(graph, locations, renames); }
};

Diagnostic error_at(unsigned line, unsigned column, std::string message) {
  return Diagnostic{Diagnostic::Severity::Error, SourceLocation{kFile, line, column}, std::move(message)};
}

TEST(Validation, ValidGraphHasNoDiagnostics) { EXPECT_TRUE(Fixture().run().empty()); }

TEST(Validation, TableWithoutPrimaryKey) {
  Fixture f;
  f.tenants().primary_key = {"pk_tenants", {}};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(1, 8,
                         "table 'public.tenants' has no primary key; mark a member STRATA_PK or add "
                         "STRATA_PRIMARY_KEY(\"...\")")});
}

TEST(Validation, PrimaryKeyNamingMissingColumn) {
  Fixture f;
  f.tenants().primary_key.columns = {"uid"};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         1, 8, "primary key 'pk_tenants' of table 'public.tenants' names column 'uid', which does not exist")});
}

TEST(Validation, NullablePrimaryKeyColumn) {
  Fixture f;
  f.tenants().columns[0].nullable = true;
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         2, 10, "primary key column 'id' of table 'public.tenants' cannot be nullable")});
}

TEST(Validation, IndexAndUniqueNamingMissingColumns) {
  Fixture f;
  f.tenants().indexes = {Index{"ix_tenants_slug", {"slug"}, false}};
  f.tenants().uniques = {UniqueConstraint{"uq_tenants_code", {"name", "code"}}};
  EXPECT_EQ(f.run(), (std::vector<Diagnostic>{
                         error_at(1, 8, "unique constraint 'uq_tenants_code' of table 'public.tenants' names column "
                                        "'code', which does not exist"),
                         error_at(1, 8, "index 'ix_tenants_slug' of table 'public.tenants' names column 'slug', "
                                        "which does not exist")}));
}

TEST(Validation, ForeignKeyToMissingTable) {
  Fixture f;
  f.users().foreign_keys[0].ref_table = "tenant";
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         7, 10, "foreign key 'fk_users_tenant_id_tenants' references table 'public.tenant', which does "
                                "not exist")});
}

TEST(Validation, ForeignKeyToTableOfAnotherSchemaIsResolvedThere) {
  Fixture f;
  f.users().foreign_keys[0].ref_schema = "audit";
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         7, 10, "foreign key 'fk_users_tenant_id_tenants' references table 'audit.tenants', which does "
                                "not exist")});
}

TEST(Validation, ForeignKeyToMissingColumn) {
  Fixture f;
  f.users().foreign_keys[0].ref_columns = {"uid"};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         7, 10, "foreign key 'fk_users_tenant_id_tenants' references column 'public.tenants.uid', "
                                "which does not exist")});
}

TEST(Validation, ForeignKeyTypeMismatch) {
  Fixture f;
  f.users().columns[1].type = "integer";
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         7, 10, "foreign key 'fk_users_tenant_id_tenants': column 'tenant_id' has type integer but the "
                                "referenced column 'public.tenants.id' has type bigint")});
}

TEST(Validation, ForeignKeyToColumnThatIsNotUnique) {
  Fixture f;
  f.users().columns[1].type = "text";
  f.users().foreign_keys[0].ref_columns = {"name"};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         7, 10, "foreign key 'fk_users_tenant_id_tenants' references 'public.tenants' (name), which is "
                                "neither its primary key nor unique")});
  f.tenants().uniques = {UniqueConstraint{"uq_tenants_name", {"name"}}};
  EXPECT_TRUE(f.run().empty());
}

TEST(Validation, UnindexedForeignKeyColumnIsAWarning) {
  Fixture f;
  f.users().indexes.clear();
  std::vector<Diagnostic> diagnostics = f.run();
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].severity, Diagnostic::Severity::Warning);
  EXPECT_EQ(diagnostics[0].location, (SourceLocation{kFile, 7, 10}));
  EXPECT_EQ(diagnostics[0].message,
            "foreign key column 'tenant_id' of table 'public.users' has no index (PostgreSQL does not create one); add "
            "STRATA_INDEXED or an index starting with it");
  EXPECT_FALSE(has_errors(diagnostics));
}

TEST(Validation, ForeignKeyColumnLeadingAKeyNeedsNoIndex) {
  Fixture f;
  f.users().indexes.clear();
  f.users().uniques = {UniqueConstraint{"uq_users_tenant_id_id", {"tenant_id", "id"}}};
  EXPECT_TRUE(f.run().empty());
  f.users().uniques = {UniqueConstraint{"uq_users_id_tenant_id", {"id", "tenant_id"}}};
  EXPECT_EQ(f.run().size(), 1u);  // the column is not first: no index starts with it
}

TEST(Validation, OneNameForTwoConstraintsInASchema) {
  Fixture f;
  f.tenants().indexes = {Index{"ix_users_tenant_id", {"name"}, false}};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         5, 8, "index name 'ix_users_tenant_id' on table 'public.users' is already used by the index on "
                               "table 'public.tenants' in schema 'public'")});
}

TEST(Validation, IndexNamedLikeATable) {
  Fixture f;
  f.users().indexes[0].name = "tenants";
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         5, 8, "index name 'tenants' on table 'public.users' is already used by the table in schema "
                               "'public'")});
}

TEST(Validation, IdentifiersOver63Bytes) {
  Fixture f;
  std::string long_name(64, 'n');
  f.tenants().columns[1].name = long_name;
  f.locations["public.tenants." + long_name] = {kFile, 3, 10};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         3, 10, "column name '" + long_name + "' is 64 bytes long; PostgreSQL identifiers are at most 63 bytes")});
}

TEST(Validation, EnumWithoutLabels) {
  Fixture f;
  f.graph.schema("public").enums = {EnumType{"tenant_plan", {}}};
  f.locations["public.tenant_plan"] = {kFile, 9, 12};
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         9, 12, "enum 'public.tenant_plan' has no labels; PostgreSQL enums need at least one")});
}

TEST(Validation, RenamedFromTableThatStillExists) {
  Fixture f;
  f.renames.tables["public.users"] = "tenants";
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         5, 8, "table 'public.users' is marked STRATA_RENAMED_FROM(\"tenants\"), but table "
                               "'public.tenants' still exists")});
}

TEST(Validation, RenamedFromColumnThatStillExists) {
  Fixture f;
  f.renames.columns["public.tenants.name"] = "id";
  f.renames.columns["public.tenants.id"] = "uid";  // gone from the model: a valid hint
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         3, 10, "column 'name' of table 'public.tenants' is marked STRATA_RENAMED_FROM(\"id\"), but "
                                "column 'id' still exists")});
}

TEST(Validation, RenamedFromEnumOrLabelThatStillExists) {
  Fixture f;
  f.graph.schema("public").enums = {EnumType{"plan", {"free", "pro"}}, EnumType{"tier", {"x"}}};
  f.locations["public.tier"] = {kFile, 9, 12};
  f.locations["public.plan.pro"] = {kFile, 8, 30};
  f.renames.enums["public.tier"] = "plan";
  f.renames.enum_labels["public.plan.pro"] = "free";
  f.renames.enum_labels["public.plan.free"] = "gratis";  // gone from the model: a valid hint
  EXPECT_EQ(f.run(), (std::vector<Diagnostic>{
                         error_at(8, 30, "label 'pro' of enum 'public.plan' is marked STRATA_RENAMED_FROM(\"free\"), but "
                                         "label 'free' still exists"),
                         error_at(9, 12, "enum 'public.tier' is marked STRATA_RENAMED_FROM(\"plan\"), but enum "
                                         "'public.plan' still exists")}));
}

TEST(Validation, EmptySchemaName) {
  Fixture f;
  Schema& empty = f.graph.schema("");
  empty.tables.push_back(f.tenants());
  empty.tables[0].name = "accounts";
  f.locations[".accounts"] = {kFile, 11, 8};
  std::vector<Diagnostic> diagnostics = f.run();
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0], error_at(11, 8, "empty schema name"));
}

TEST(Validation, IdentityNeedsAnIntegerType) {
  Fixture f;
  f.tenants().columns[1].identity = true;
  EXPECT_EQ(f.run(), std::vector<Diagnostic>{error_at(
                         3, 10, "identity column 'name' of table 'public.tenants' has type text; identity needs "
                                "smallint, integer or bigint")});
}

TEST(Validation, DiagnosticsComeInSourceOrder) {
  Fixture f;
  f.users().primary_key.columns.clear();
  f.tenants().primary_key.columns.clear();
  f.users().foreign_keys[0].ref_table = "nowhere";
  std::vector<Diagnostic> diagnostics = f.run();
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_EQ(diagnostics[0].location.line, 1u);
  EXPECT_EQ(diagnostics[1].location.line, 5u);
  EXPECT_EQ(diagnostics[2].location.line, 7u);
}

}  // namespace
}  // namespace strata

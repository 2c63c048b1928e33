#include "core/snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "tests/core/random_graphs.hpp"

namespace strata {
namespace {

using Json = nlohmann::json;

Column column(std::string name, std::string type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

// Every kind of field, with optionals absent, present and present-but-empty, every FK action, a
// cross-schema FK, a table without a primary key and an enum without labels.
ModelGraph rich_graph() {
  ModelGraph graph;

  Schema& audit = graph.schema("audit");
  audit.enums.push_back({"event_kind", {"login", "logout", "export"}});
  audit.enums.push_back({"empty_kind", {}});
  Table events;
  events.name = "audit_events";
  Column id = column("id", "bigint");
  id.identity = true;
  Column occurred = column("occurred_at", "timestamp with time zone");
  occurred.default_expr = "now()";
  occurred.comment = "server time";
  Column kind = column("kind", "audit.event_kind");
  Column tenant = column("tenant_id", "uuid", true);
  tenant.comment = "";  // present but empty: must not become absent
  Column payload = column("payload", "jsonb", true);
  payload.default_expr = "";  // likewise
  events.columns = {id, occurred, kind, tenant, payload};
  events.primary_key = {"pk_audit_events", {"id"}};
  events.checks = {{"ck_audit_events_kind", "kind <> 'export' OR tenant_id IS NOT NULL"}};
  events.foreign_keys = {{"fk_audit_events_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"},
                          FkAction::SetNull, FkAction::Cascade}};
  events.indexes = {{"ix_audit_events_occurred_at", {"occurred_at"}, false},
                    {"ix_audit_events_tenant_id_kind", {"tenant_id", "kind"}, true}};
  events.comment = "compliance journal";
  audit.tables.push_back(events);

  Table retention;  // no primary key, no constraints at all
  retention.name = "data_retention";
  retention.columns = {column("policy", "text")};
  retention.comment = "";
  audit.tables.push_back(retention);

  Schema& pub = graph.schema("public");
  pub.enums.push_back({"tenant_plan", {"free", "pro", "enterprise"}});
  Table tenants;
  tenants.name = "tenants";
  Column tenant_id = column("id", "uuid");
  tenant_id.default_expr = "gen_random_uuid()";
  tenants.columns = {tenant_id, column("slug", "character varying(63)"), column("plan", "tenant_plan")};
  tenants.primary_key = {"pk_tenants", {"id"}};
  tenants.uniques = {{"uq_tenants_slug", {"slug"}}};
  tenants.checks = {{"ck_tenants_slug", "slug ~ '^[a-z0-9-]+$'"}};
  pub.tables.push_back(tenants);

  Table user_roles;
  user_roles.name = "user_roles";
  user_roles.columns = {column("user_id", "bigint"), column("role_id", "bigint"), column("tenant_id", "uuid")};
  user_roles.primary_key = {"pk_user_roles", {"user_id", "role_id"}};
  user_roles.uniques = {{"uq_user_roles_tenant", {"tenant_id", "user_id", "role_id"}}};
  user_roles.foreign_keys = {
      {"fk_user_roles_role_id_roles", {"role_id"}, "public", "roles", {"id"}, FkAction::Cascade, FkAction::NoAction},
      {"fk_user_roles_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::Restrict,
       FkAction::SetDefault},
      {"fk_user_roles_user_tenant", {"user_id", "tenant_id"}, "public", "users", {"id", "tenant_id"},
       FkAction::NoAction, FkAction::Restrict}};
  pub.tables.push_back(user_roles);

  graph.canonicalize();
  return graph;
}

// The same graph, every list that canonical order sorts given in reverse.
ModelGraph rich_graph_reversed() {
  ModelGraph graph = rich_graph();
  std::reverse(graph.schemas.begin(), graph.schemas.end());
  for (Schema& schema : graph.schemas) {
    std::reverse(schema.enums.begin(), schema.enums.end());
    std::reverse(schema.tables.begin(), schema.tables.end());
    for (Table& table : schema.tables) {
      std::reverse(table.uniques.begin(), table.uniques.end());
      std::reverse(table.checks.begin(), table.checks.end());
      std::reverse(table.foreign_keys.begin(), table.foreign_keys.end());
      std::reverse(table.indexes.begin(), table.indexes.end());
    }
  }
  return graph;
}

TEST(Snapshot, RoundTripIsExact) {
  const ModelGraph graph = rich_graph();
  const ModelGraph read = read_snapshot(write_snapshot(graph));
  EXPECT_EQ(read, graph);

  // The distinctions equality hides if both sides lost them the same way.
  const Table* events = read.find_table("audit", "audit_events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->find_column("tenant_id")->comment, std::optional<std::string>(""));
  EXPECT_EQ(events->find_column("payload")->default_expr, std::optional<std::string>(""));
  EXPECT_EQ(events->find_column("id")->comment, std::nullopt);
  EXPECT_EQ(events->find_column("id")->default_expr, std::nullopt);
  EXPECT_TRUE(events->find_column("id")->identity);
  EXPECT_EQ(read.find_table("audit", "data_retention")->comment, std::optional<std::string>(""));
  EXPECT_EQ(read.find_table("public", "tenants")->comment, std::nullopt);
  EXPECT_EQ(events->foreign_keys.at(0).on_delete, FkAction::SetNull);
  EXPECT_EQ(events->foreign_keys.at(0).on_update, FkAction::Cascade);
}

TEST(Snapshot, RewritingAReadSnapshotGivesTheSameBytes) {
  const std::string text = write_snapshot(rich_graph());
  EXPECT_EQ(write_snapshot(read_snapshot(text)), text);
}

TEST(Snapshot, WritesTheDocumentedShape) {
  ModelGraph graph;
  Table table;
  table.name = "t";
  Column id = column("id", "bigint");
  id.default_expr = "1";
  table.columns = {id, column("note", "text", true)};
  table.primary_key = {"pk_t", {"id"}};
  table.foreign_keys = {{"fk_t_id_u", {"id"}, "s", "u", {"id"}, FkAction::SetNull, FkAction::NoAction}};
  graph.schema("s").tables.push_back(table);
  graph.schema("s").enums.push_back({"e", {"b", "a"}});

  EXPECT_EQ(write_snapshot(graph), R"({
  "format": "strata-snapshot",
  "schemas": [
    {
      "enums": [
        {
          "labels": [
            "b",
            "a"
          ],
          "name": "e"
        }
      ],
      "name": "s",
      "tables": [
        {
          "checks": [],
          "columns": [
            {
              "default": "1",
              "identity": false,
              "name": "id",
              "nullable": false,
              "type": "bigint"
            },
            {
              "identity": false,
              "name": "note",
              "nullable": true,
              "type": "text"
            }
          ],
          "foreign_keys": [
            {
              "columns": [
                "id"
              ],
              "name": "fk_t_id_u",
              "on_delete": "set null",
              "on_update": "no action",
              "ref_columns": [
                "id"
              ],
              "ref_schema": "s",
              "ref_table": "u"
            }
          ],
          "indexes": [],
          "name": "t",
          "primary_key": {
            "columns": [
              "id"
            ],
            "name": "pk_t"
          },
          "uniques": []
        }
      ]
    }
  ],
  "version": 1
}
)");
}

TEST(Snapshot, OptionalsAreOmittedOnlyWhenAbsent) {
  // at() throws (a test failure) where operator[] on a const document would assert.
  const Json document = Json::parse(write_snapshot(rich_graph()));
  const Json& events = document.at("schemas").at(0).at("tables").at(0);
  ASSERT_EQ(events.at("name"), "audit_events");
  EXPECT_FALSE(events.at("columns").at(0).contains("default"));  // id
  EXPECT_FALSE(events.at("columns").at(0).contains("comment"));
  EXPECT_EQ(events.at("columns").at(3).at("comment"), "");  // tenant_id
  EXPECT_EQ(events.at("columns").at(4).at("default"), "");  // payload
  EXPECT_EQ(events.at("comment"), "compliance journal");
  EXPECT_FALSE(document.at("schemas").at(1).at("tables").at(0).contains("comment"));  // public.tenants
  // Everything else is always present, empty or not.
  const Json& retention = document.at("schemas").at(0).at("tables").at(1);
  EXPECT_EQ(retention.at("primary_key"), (Json{{"columns", Json::array()}, {"name", ""}}));
  EXPECT_EQ(retention.at("foreign_keys"), Json::array());
  EXPECT_EQ(document.at("schemas").at(0).at("enums").at(0).at("labels"), Json::array());  // empty_kind
}

TEST(Snapshot, OutputDoesNotDependOnInsertionOrder) {
  const ModelGraph reversed = rich_graph_reversed();
  ASSERT_NE(reversed, rich_graph());  // the orders really differ
  EXPECT_EQ(write_snapshot(reversed), write_snapshot(rich_graph()));
  EXPECT_EQ(read_snapshot(write_snapshot(reversed)), rich_graph());
}

// is_canonical() says whether any list canonical order sorts is out of order (write_snapshot
// copies and sorts the graph only then), and no more: column and label order is the models'.
TEST(Snapshot, IsCanonicalChecksEveryListCanonicalOrderSorts) {
  ModelGraph base = rich_graph();
  Table& events = *base.find_table("audit", "audit_events");
  events.uniques = {{"uq_a", {"id"}}, {"uq_b", {"kind"}}};
  events.checks.push_back({"ck_z", "id > 0"});
  events.foreign_keys.push_back({"fk_z", {"id"}, "public", "tenants", {"id"}, FkAction::NoAction, FkAction::NoAction});
  events.policies = {{"p_a", "ALL", std::nullopt, std::nullopt, {"app", "auditor"}}, {"p_b", "SELECT", "true", std::nullopt, {}}};
  base.schema("public").sql_objects = {{SqlObjectKind::Function, "f_a", "", "SELECT 1", {}},
                                       {SqlObjectKind::View, "v_a", "", "SELECT 1", {}}};
  base.canonicalize();
  ASSERT_TRUE(base.is_canonical());

  using Disturb = std::function<void(ModelGraph&)>;
  const auto reversed = [](auto& items) { std::reverse(items.begin(), items.end()); };
  const std::vector<std::pair<std::string, Disturb>> lists = {
      {"schemas", [&](ModelGraph& g) { reversed(g.schemas); }},
      {"enums", [&](ModelGraph& g) { reversed(g.schema("audit").enums); }},
      {"tables", [&](ModelGraph& g) { reversed(g.schema("public").tables); }},
      {"sql objects", [&](ModelGraph& g) { reversed(g.schema("public").sql_objects); }},
      {"uniques", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->uniques); }},
      {"checks", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->checks); }},
      {"foreign keys", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->foreign_keys); }},
      {"indexes", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->indexes); }},
      {"policies", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->policies); }},
      {"roles", [&](ModelGraph& g) { reversed(g.find_table("audit", "audit_events")->policies[0].roles); }},
  };
  for (const auto& [list, disturb] : lists) {
    ModelGraph graph = base;
    disturb(graph);
    ASSERT_NE(graph, base) << list << " has fewer than two items";
    EXPECT_FALSE(graph.is_canonical()) << list;
    EXPECT_EQ(write_snapshot(graph), write_snapshot(base)) << list;
    graph.canonicalize();
    EXPECT_EQ(graph, base) << list;
  }
  ModelGraph declared_order = base;
  reversed(declared_order.find_table("audit", "audit_events")->columns);
  reversed(declared_order.schema("audit").enums[0].labels);
  EXPECT_TRUE(declared_order.is_canonical());
}

TEST(Snapshot, ColumnAndLabelOrderIsKept) {
  ModelGraph graph = rich_graph();
  Table* tenants = graph.find_table("public", "tenants");
  std::swap(tenants->columns[0], tenants->columns[1]);
  std::reverse(graph.schema("public").enums[0].labels.begin(), graph.schema("public").enums[0].labels.end());
  const std::string text = write_snapshot(graph);
  EXPECT_NE(text, write_snapshot(rich_graph()));
  const ModelGraph read = read_snapshot(text);
  EXPECT_EQ(read, graph);
  EXPECT_EQ(read.find_table("public", "tenants")->columns[0].name, "slug");
  EXPECT_EQ(read.find_schema("public")->enums[0].labels.front(), "enterprise");
}

TEST(Snapshot, EqualGraphsGiveIdenticalBytes) {
  const std::string first = write_snapshot(rich_graph());
  const std::string second = write_snapshot(rich_graph());
  EXPECT_EQ(first, second);
  EXPECT_TRUE(first.ends_with("}\n"));
  EXPECT_TRUE(first.starts_with("{\n  \"format\": \"strata-snapshot\",\n"));
}

TEST(Snapshot, ReadingSortsAHandOrderedDocument) {
  const ModelGraph graph = read_snapshot(R"({"version": 1, "format": "strata-snapshot", "schemas": [
    {"name": "public", "enums": [], "tables": [
      {"name": "zeta", "columns": [], "primary_key": {"name": "", "columns": []}, "uniques": [],
       "checks": [], "foreign_keys": [], "indexes": [{"name": "ix_b", "columns": ["x"], "unique": false},
                                                      {"name": "ix_a", "columns": ["y"], "unique": true}]},
      {"name": "alpha", "columns": [], "primary_key": {"name": "", "columns": []}, "uniques": [],
       "checks": [], "foreign_keys": [], "indexes": []}]},
    {"name": "audit", "enums": [], "tables": []}]})");
  ASSERT_EQ(graph.schemas.size(), 2u);
  EXPECT_EQ(graph.schemas[0].name, "audit");
  EXPECT_EQ(graph.schemas[1].tables[0].name, "alpha");
  EXPECT_EQ(graph.schemas[1].tables[1].indexes[0].name, "ix_a");
  EXPECT_TRUE(graph.schemas[1].tables[1].indexes[0].unique);
}

// Issue 14: row security and policies round-trip; a table without them is written as before, so a
// snapshot of an earlier release reads unchanged (ReadingSortsAHandOrderedDocument has neither key).
TEST(Snapshot, RowSecurityAndPoliciesRoundTrip) {
  ModelGraph graph = rich_graph();
  Table& tenants = *graph.find_table("public", "tenants");
  const std::string before = write_snapshot(graph);
  tenants.row_security = true;
  tenants.policies = {{"tenant_write", "INSERT", std::nullopt, "id > 0", {}},
                      {"tenant_isolation", "ALL", "id = current_setting('app.tenant_id')::bigint", std::nullopt,
                       {"app_user", "app_admin"}}};
  graph.canonicalize();
  const std::string text = write_snapshot(graph);
  EXPECT_EQ(read_snapshot(text), graph);
  EXPECT_EQ(write_snapshot(read_snapshot(text)), text);
  const ModelGraph read_graph = read_snapshot(text);
  const Table& read = *read_graph.find_table("public", "tenants");
  EXPECT_EQ(read.policies.at(0).name, "tenant_isolation");
  EXPECT_EQ(read.policies.at(0).roles, (std::vector<std::string>{"app_admin", "app_user"}));
  EXPECT_EQ(read.policies.at(1).using_expr, std::nullopt);
  EXPECT_EQ(before.find("row_security"), std::string::npos);
  EXPECT_EQ(before.find("policies"), std::string::npos);
  EXPECT_NE(text.find("\"row_security\": true"), std::string::npos);
}

// Issue 14: SQL objects round-trip with their definition's hash; a graph without them is written
// as before; a definition edited in the snapshot by hand no longer matches its hash.
TEST(Snapshot, SqlObjectsRoundTripWithTheirHash) {
  ModelGraph graph = rich_graph();
  const std::string before = write_snapshot(graph);
  graph.schema("public").sql_objects = {
      {SqlObjectKind::View, "active", "", "VIEW public.active AS SELECT 1", {"public.tenants"}},
      {SqlObjectKind::Trigger, "audit", "tenants", "TRIGGER audit AFTER INSERT ON public.tenants FOR EACH ROW "
                                                   "EXECUTE FUNCTION public.f()", {"public.f", "public.tenants"}},
      {SqlObjectKind::Function, "f", "", "FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN "
                                         "NULL; END $$", {}}};
  graph.canonicalize();
  const std::string text = write_snapshot(graph);
  EXPECT_EQ(read_snapshot(text), graph);
  EXPECT_EQ(write_snapshot(read_snapshot(text)), text);
  EXPECT_EQ(graph.find_schema("public")->sql_objects.front().name, "f");  // functions, views, triggers
  EXPECT_EQ(before.find("sql_objects"), std::string::npos);
  std::string edited = text;
  edited.replace(edited.find("SELECT 1"), 8, "SELECT 2");
  EXPECT_THROW(read_snapshot(edited), SnapshotError);
}

TEST(Snapshot, EmptyGraph) {
  const std::string text = write_snapshot(ModelGraph{});
  EXPECT_EQ(text, "{\n  \"format\": \"strata-snapshot\",\n  \"schemas\": [],\n  \"version\": 1\n}\n");
  EXPECT_EQ(read_snapshot(text), ModelGraph{});
}

TEST(Snapshot, InvalidUtf8CannotBeWritten) {
  ModelGraph graph;
  graph.schema("public").enums.push_back({"e", {"bad\xff"}});
  EXPECT_THROW(write_snapshot(graph), SnapshotError);
}

// ---- malformed input ----------------------------------------------------------------------

std::string error_of(std::string_view text) {
  try {
    read_snapshot(text);
  } catch (const SnapshotError& error) {
    return error.what();
  }
  return "(no error)";
}

// write_snapshot(rich_graph()) changed by `edit`, then read back: the error message.
std::string error_after(const std::function<void(Json&)>& edit) {
  Json document = Json::parse(write_snapshot(rich_graph()));
  edit(document);
  return error_of(document.dump(2));
}

TEST(SnapshotErrors, NotJson) {
  EXPECT_EQ(error_of("{\"format\": "),
            "invalid JSON: parse error at line 1, column 12: syntax error while parsing value - unexpected end "
            "of input; expected '[', '{', or a literal");
  EXPECT_EQ(error_of(""),
            "invalid JSON: parse error at line 1, column 1: syntax error while parsing value - unexpected end "
            "of input; expected '[', '{', or a literal");
}

TEST(SnapshotErrors, TopLevelNotAnObject) {
  EXPECT_EQ(error_of("[]"), "top level: expected an object, found an array");
}

TEST(SnapshotErrors, FormatMarker) {
  EXPECT_EQ(error_after([](Json& d) { d.erase("format"); }), "format: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["format"] = "alembic"; }),
            "format: expected \"strata-snapshot\", found \"alembic\" (not a strata snapshot)");
  EXPECT_EQ(error_after([](Json& d) { d["format"] = 1; }), "format: expected a string, found a number");
}

TEST(SnapshotErrors, Version) {
  EXPECT_EQ(error_after([](Json& d) { d.erase("version"); }), "version: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["version"] = 2; }),
            "version: snapshot format version 2 is newer than this build reads (up to 1); use a newer strata");
  EXPECT_EQ(error_after([](Json& d) { d["version"] = 0; }), "version: invalid snapshot format version 0");
  EXPECT_EQ(error_after([](Json& d) { d["version"] = -3; }), "version: invalid snapshot format version -3");
  EXPECT_EQ(error_after([](Json& d) { d["version"] = "1"; }), "version: expected an integer, found a string");
  EXPECT_EQ(error_after([](Json& d) { d["version"] = 1.5; }), "version: expected an integer, found a number");
}

TEST(SnapshotErrors, NewerVersionIsReportedBeforeUnknownKeys) {
  EXPECT_EQ(error_after([](Json& d) {
              d["version"] = 7;
              d["migrations"] = Json::array();
              d.erase("schemas");
            }),
            "version: snapshot format version 7 is newer than this build reads (up to 1); use a newer strata");
}

TEST(SnapshotErrors, MissingRequiredKey) {
  EXPECT_EQ(error_after([](Json& d) { d.erase("schemas"); }), "schemas: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["columns"][0].erase("type"); }),
            "schemas[1].tables[1].columns[0].type: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"][2].erase("nullable"); }),
            "schemas[0].tables[0].columns[2].nullable: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][0]["primary_key"].erase("name"); }),
            "schemas[1].tables[0].primary_key.name: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["foreign_keys"][2].erase("ref_schema"); }),
            "schemas[1].tables[1].foreign_keys[2].ref_schema: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][1].erase("indexes"); }),
            "schemas[0].tables[1].indexes: required key is missing");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0].erase("enums"); }), "schemas[0].enums: required key is missing");
}

TEST(SnapshotErrors, WrongType) {
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["columns"][0]["type"] = 5; }),
            "schemas[1].tables[1].columns[0].type: expected a string, found a number");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"][0]["identity"] = "yes"; }),
            "schemas[0].tables[0].columns[0].identity: expected a boolean, found a string");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"][1]["comment"] = nullptr; }),
            "schemas[0].tables[0].columns[1].comment: expected a string, found null");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"] = Json::object(); }),
            "schemas[0].tables[0].columns: expected an array, found an object");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["enums"][1]["labels"][2] = true; }),
            "schemas[0].enums[1].labels[2]: expected a string, found a boolean");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["primary_key"] = Json::array(); }),
            "schemas[1].tables[1].primary_key: expected an object, found an array");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1] = "public"; }), "schemas[1]: expected an object, found a string");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["indexes"][1]["unique"] = 1; }),
            "schemas[0].tables[0].indexes[1].unique: expected a boolean, found a number");
}

TEST(SnapshotErrors, UnknownForeignKeyAction) {
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["foreign_keys"][1]["on_delete"] = "explode"; }),
            "schemas[1].tables[1].foreign_keys[1].on_delete: unknown foreign-key action \"explode\" (expected no "
            "action, restrict, cascade, set null or set default)");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["foreign_keys"][0]["on_update"] = "set_null"; }),
            "schemas[0].tables[0].foreign_keys[0].on_update: unknown foreign-key action \"set_null\" (expected no "
            "action, restrict, cascade, set null or set default)");
}

TEST(SnapshotErrors, UnknownKey) {
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"][0]["defualt"] = "now()"; }),
            "schemas[0].tables[0].columns[0].defualt: unknown key");
  EXPECT_EQ(error_after([](Json& d) { d["generated_by"] = "me"; }), "generated_by: unknown key");
  EXPECT_EQ(error_after([](Json& d) {
              d["schemas"][0]["tables"][0]["policies"] = Json::parse(R"([{"name": "p", "command": "ALL",
                "roles": [], "usng": "true"}])");
            }),
            "schemas[0].tables[0].policies[0].usng: unknown key");
}

TEST(SnapshotErrors, DuplicateJsonKey) {
  EXPECT_EQ(error_of(R"({"format": "strata-snapshot", "version": 1, "schemas": [
    {"name": "a", "enums": [], "tables": []},
    {"name": "b", "enums": [{"name": "e", "labels": ["x"], "name": "f"}], "tables": []}]})"),
            "schemas[1].enums[0].name: duplicate key");
  EXPECT_EQ(error_of(R"({"format": "strata-snapshot", "format": "strata-snapshot"})"), "format: duplicate key");
}

TEST(SnapshotErrors, DuplicateJsonKeyPathCountsEveryKindOfElement) {
  // Scalars, nested arrays and objects before the repeated key all count towards the indexes.
  EXPECT_EQ(error_of(R"({"x": [null, true, 1, -1, 1.5, "s", [], {}, [[0], {"k": [{}, {"a": 1, "a": 2}]}]]})"),
            "x[8][1].k[1].a: duplicate key");
  // The same key in sibling objects is not a repeat.
  EXPECT_EQ(error_of(R"({"x": [{"a": 1}, {"a": 2}], "y": {"a": {"a": 3}}, "a": 0, "a": 1})"), "a: duplicate key");
}

TEST(SnapshotErrors, DuplicateJsonKeyInALargeObject) {
  // A repeat is found wherever it is in an object of many members, and distinct keys are not one.
  std::string members;
  for (int i = 0; i < 40; ++i) members += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  EXPECT_EQ(error_of("{\"x\": {" + members + "\"k3\": 0}}"), "x.k3: duplicate key");
  EXPECT_EQ(error_of("{\"x\": {" + members + "\"k39\": 0}}"), "x.k39: duplicate key");
  EXPECT_EQ(error_of("{\"x\": {" + members + "\"k40\": 0}}"), "format: required key is missing");
}

TEST(SnapshotErrors, OfSeveralUnknownKeysTheFirstInKeyOrderIsReported) {
  EXPECT_EQ(error_of(R"({"format": "strata-snapshot", "version": 1, "schemas": [], "zeta": 1, "beta": 2})"),
            "beta: unknown key");
}

TEST(SnapshotErrors, JsonValuesAfterNestedContainersLandInTheirParent) {
  // A member after a nested object belongs to the outer object: here it is the unknown key.
  EXPECT_EQ(error_of(R"({"format": "strata-snapshot", "version": 1, "schemas": [
    {"name": "a", "enums": [{"name": "e", "labels": ["x"]}], "tables": [], "after": 1}]})"),
            "schemas[0].after: unknown key");
}

TEST(SnapshotErrors, DuplicateNames) {
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["tables"][1]["name"] = "tenants"; }),
            "schemas[1].tables[1].name: duplicate table \"tenants\"");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["tables"][0]["columns"][3]["name"] = "id"; }),
            "schemas[0].tables[0].columns[3].name: duplicate column \"id\"");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][0]["enums"][1]["name"] = "empty_kind"; }),
            "schemas[0].enums[1].name: duplicate enum \"empty_kind\"");
  EXPECT_EQ(error_after([](Json& d) { d["schemas"][1]["name"] = "audit"; }), "schemas[1].name: duplicate schema \"audit\"");
}

// ---- hashing ------------------------------------------------------------------------------

TEST(SnapshotHash, IsTheSha256OfTheCanonicalText) {
  const ModelGraph graph = rich_graph();
  EXPECT_EQ(snapshot_hash(graph), sha256_hex(write_snapshot(graph)));
  EXPECT_EQ(snapshot_hash(rich_graph_reversed()), snapshot_hash(graph));
}

TEST(SnapshotHash, IsStableAcrossBuilds) {
  // Revisions record this hash: a change here means every existing revision's hash changes, which
  // needs a new snapshot format version, not a quiet update of the constant.
  ModelGraph graph;
  Table table;
  table.name = "tenants";
  table.columns = {column("id", "bigint")};
  table.primary_key = {"pk_tenants", {"id"}};
  graph.schema("public").tables.push_back(table);
  EXPECT_EQ(snapshot_hash(graph), "4d89fbb43650909d898f1d02c3cd4f5600a03cfee9f18fd2132bb300f4bb53e7");
}

TEST(SnapshotHash, ChangesWithAnyField) {
  const std::string base = snapshot_hash(rich_graph());
  ModelGraph graph = rich_graph();
  graph.find_table("audit", "audit_events")->find_column("tenant_id")->comment = std::nullopt;  // "" -> absent
  EXPECT_NE(snapshot_hash(graph), base);
  graph = rich_graph();
  graph.find_table("public", "user_roles")->foreign_keys[0].on_update = FkAction::Restrict;
  EXPECT_NE(snapshot_hash(graph), base);
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

// Citus (DESIGN.md, "Scale-out"): the distribution round-trips; a plain table writes no key, so
// snapshots written before Citus support load and rewrite to the same bytes.
TEST(Snapshot, CitusDistributionRoundTrips) {
  ModelGraph graph = rich_graph();
  const std::string plain = write_snapshot(graph);
  EXPECT_EQ(plain.find("distribution"), std::string::npos);
  EXPECT_EQ(write_snapshot(read_snapshot(plain)), plain);

  graph.find_table("public", "tenants")->distribution = Distribution{Distribution::Kind::Reference, "", ""};
  graph.find_table("audit", "audit_events")->distribution =
      Distribution{Distribution::Kind::Distributed, "tenant_id", "public.tenants"};
  const std::string text = write_snapshot(graph);
  EXPECT_NE(text.find(R"("distribution": {
            "colocate_with": "public.tenants",
            "column": "tenant_id",
            "kind": "distributed"
          })"),
            std::string::npos)
      << text;
  EXPECT_EQ(read_snapshot(text), graph);
}

TEST(SnapshotErrors, ReferenceTableWithAColumn) {
  ModelGraph graph = rich_graph();
  graph.find_table("public", "tenants")->distribution = Distribution{Distribution::Kind::Reference, "", ""};
  std::string text = write_snapshot(graph);
  const std::string reference = R"("kind": "reference")";
  text.replace(text.find(reference), reference.size(), reference + R"(, "column": "id")");
  EXPECT_THROW(read_snapshot(text), SnapshotError);
}

// Issue 14: the keys of the second vocabulary round-trip and are written only when used, so a
// snapshot written before them reads as it was and hashes the same.
TEST(Snapshot, IndexAndColumnVocabularyRoundTripsAndIsOmittedWhenUnused) {
  ModelGraph graph;
  Table users;
  users.name = "users";
  const auto column = [](const std::string& name, const std::string& type) {
    Column c;
    c.name = name;
    c.type = type;
    return c;
  };
  Column id = column("id", "bigint"), email = column("email", "text"), total = column("total", "numeric");
  total.nullable = true;
  total.generated = "price * qty";
  users.columns = {id, email, total};
  users.primary_key = {"pk_users", {"id"}};
  users.uniques = {{"uq_users_email", {"tenant_id", "email"}, true}};
  Index lower_email{"ux_users_lower_email", {"(lower(email))", "created_at DESC"}, true};
  lower_email.where = "deleted_at IS NULL";
  lower_email.method = "hash";
  lower_email.include = {"name"};
  lower_email.nulls_not_distinct = true;
  users.indexes = {lower_email, Index{"ix_users_email", {"email"}, false}};
  graph.schema("public").tables.push_back(users);
  graph.canonicalize();

  const std::string text = write_snapshot(graph);
  EXPECT_EQ(read_snapshot(text), graph);
  const Json document = Json::parse(text);
  const Json& table = document.at("schemas").at(0).at("tables").at(0);
  EXPECT_EQ(table.at("columns").at(2).at("generated"), "price * qty");
  EXPECT_FALSE(table.at("columns").at(1).contains("generated"));
  EXPECT_EQ(table.at("uniques").at(0).at("nulls_not_distinct"), true);
  const Json& plain = table.at("indexes").at(0);
  EXPECT_EQ(plain, (Json{{"columns", {"email"}}, {"name", "ix_users_email"}, {"unique", false}}));
  const Json& rich = table.at("indexes").at(1);
  EXPECT_EQ(rich.at("where"), "deleted_at IS NULL");
  EXPECT_EQ(rich.at("method"), "hash");
  EXPECT_EQ(rich.at("include"), Json::array({"name"}));
  EXPECT_EQ(rich.at("nulls_not_distinct"), true);
}

// ---- rewrite_snapshot: the head's text with the changed tables' text replaced ----------------

// `graph` with `count` of its tables edited in place (a column added, a type, a nullability or a
// comment changed, an index added): what a one-field edit of the models does to the snapshot.
ModelGraph with_tables_edited(ModelGraph graph, std::mt19937& rng, int count) {
  std::vector<Table*> tables;
  for (Schema& schema : graph.schemas)
    for (Table& table : schema.tables) tables.push_back(&table);
  std::shuffle(tables.begin(), tables.end(), rng);
  for (int i = 0; i < count && i < static_cast<int>(tables.size()); ++i) {
    Table& table = *tables[static_cast<std::size_t>(i)];
    switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
      case 0: table.columns.push_back(column("note_" + std::to_string(i), "text", true)); break;
      case 1:
        if (!table.columns.empty()) table.columns.back().nullable = !table.columns.back().nullable;
        break;
      case 2: table.comment = "line one\nline \"two\" \u00e9\u6f22"; break;  // escapes and non-ASCII
      default:
        if (!table.columns.empty())
          table.indexes.push_back(Index{"ix_" + table.name + "_edit", {table.columns.front().name}, false});
        break;
    }
  }
  graph.canonicalize();
  return graph;
}

TEST(RewriteSnapshot, GivesWhatWriteSnapshotWritesWhenOnlyTablesChanged) {
  const ModelGraph before = rich_graph();
  ModelGraph after = before;
  after.find_table("audit", "audit_events")->columns[1].type = "timestamp without time zone";
  after.find_table("public", "tenants")->columns.push_back(column("note", "text", true));
  const std::optional<std::string> rewritten = rewrite_snapshot(write_snapshot(before), before, after);
  ASSERT_TRUE(rewritten.has_value());
  EXPECT_EQ(*rewritten, write_snapshot(after));
}

TEST(RewriteSnapshot, PropertyEditedTablesOfRandomGraphs) {
  std::mt19937 rng(7);
  int rewritten_count = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::RandomGraphs random(seed);
    const ModelGraph before = random.graph();
    const ModelGraph after = with_tables_edited(before, rng, std::uniform_int_distribution<int>(1, 4)(rng));
    if (after == before) continue;
    const std::optional<std::string> rewritten = rewrite_snapshot(write_snapshot(before), before, after);
    ASSERT_TRUE(rewritten.has_value()) << "only tables changed, each once in the text";
    ASSERT_EQ(*rewritten, write_snapshot(after));
    ++rewritten_count;
  }
  EXPECT_GT(rewritten_count, 250);
}

TEST(RewriteSnapshot, PropertyAnyMutationIsRewrittenRightOrNotAtAll) {
  int rewritten_count = 0, refused_count = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::RandomGraphs random(seed);
    const ModelGraph before = random.graph();
    RenameHints hints;
    const ModelGraph after = random.mutate(before, hints);
    const std::optional<std::string> rewritten = rewrite_snapshot(write_snapshot(before), before, after);
    if (!rewritten) {
      ++refused_count;
      continue;
    }
    ASSERT_EQ(*rewritten, write_snapshot(after));
    ++rewritten_count;
  }
  EXPECT_GT(rewritten_count, 0);
  EXPECT_GT(refused_count, 0);
}

TEST(RewriteSnapshot, AnythingButExistingTablesChangingIsLeftToWriteSnapshot) {
  const ModelGraph before = rich_graph();
  const std::string text = write_snapshot(before);
  ModelGraph added = before;
  Table extra;
  extra.name = "extra";
  extra.columns = {column("id", "bigint")};
  added.schema("public").tables.push_back(extra);
  added.canonicalize();
  EXPECT_FALSE(rewrite_snapshot(text, before, added));
  ModelGraph dropped = before;
  dropped.schemas.front().tables.pop_back();
  EXPECT_FALSE(rewrite_snapshot(text, before, dropped));
  ModelGraph relabelled = before;
  relabelled.schemas.back().enums.front().labels.push_back("trial");
  EXPECT_FALSE(rewrite_snapshot(text, before, relabelled));
  ModelGraph renamed = before;
  renamed.find_table("public", "tenants")->name = "tenants_v2";
  renamed.canonicalize();
  EXPECT_FALSE(rewrite_snapshot(text, before, renamed));
}

TEST(RewriteSnapshot, ATableWhoseTextIsNotFoundExactlyOnceIsLeftToWriteSnapshot) {
  // The same table in two schemas: its text occurs twice, and which one changed is not in it.
  ModelGraph before = rich_graph();
  before.schema("audit").tables.push_back(*before.find_table("public", "tenants"));
  before.canonicalize();
  ModelGraph after = before;
  after.find_table("audit", "tenants")->comment = "moved";
  EXPECT_FALSE(rewrite_snapshot(write_snapshot(before), before, after));
  // A text that write_snapshot did not write (here: compact) holds no table text it would write.
  ModelGraph edited = rich_graph();
  edited.find_table("public", "tenants")->comment = "edited";
  const std::string compact = Json::parse(write_snapshot(rich_graph())).dump() + "\n";
  EXPECT_FALSE(rewrite_snapshot(compact, rich_graph(), edited));
}

TEST(RewriteSnapshot, ManyChangedTablesAreLeftToWriteSnapshot) {
  ModelGraph before;
  for (int i = 0; i < 20; ++i) {
    Table table;
    table.name = "t" + std::to_string(100 + i);
    table.columns = {column("id", "bigint")};
    before.schema("public").tables.push_back(table);
  }
  before.canonicalize();
  ModelGraph few = before, many = before;
  for (int i = 0; i < 16; ++i) few.schemas[0].tables[static_cast<std::size_t>(i)].comment = "c";
  for (int i = 0; i < 17; ++i) many.schemas[0].tables[static_cast<std::size_t>(i)].comment = "c";
  const std::optional<std::string> rewritten = rewrite_snapshot(write_snapshot(before), before, few);
  ASSERT_TRUE(rewritten.has_value());
  EXPECT_EQ(*rewritten, write_snapshot(few));
  EXPECT_FALSE(rewrite_snapshot(write_snapshot(before), before, many));
}

TEST(RewriteSnapshot, InvalidUtf8IsLeftToWriteSnapshotWhichRefusesIt) {
  const ModelGraph before = rich_graph();
  ModelGraph after = before;
  after.find_table("public", "tenants")->comment = std::string("bad \xff byte");
  EXPECT_FALSE(rewrite_snapshot(write_snapshot(before), before, after));
  EXPECT_THROW(write_snapshot(after), SnapshotError);
}

}  // namespace
}  // namespace strata

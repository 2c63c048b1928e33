#include "generator/er_diagram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/support/golden.hpp"

namespace strata {
namespace {

Column column(std::string name, std::string type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

// A slice of the AutoML platform: two schemas, enums (one used across schemas), a composite key,
// a self-reference, a nullable FK, a cross-schema FK and an FK to a table outside the graph.
ModelGraph platform_graph() {
  ModelGraph graph;

  Schema& pub = graph.schema("public");
  pub.enums.push_back({"tenant_plan", {"free", "pro", "enterprise"}});

  Table tenants;
  tenants.name = "tenants";
  Column tenant_id = column("id", "uuid");
  tenant_id.default_expr = "gen_random_uuid()";
  Column created_at = column("created_at", "timestamp with time zone");
  created_at.default_expr = "now()";
  tenants.columns = {tenant_id, column("slug", "character varying(63)"),
                     column("plan", "\"public\".\"tenant_plan\""), created_at};
  tenants.primary_key = {"pk_tenants", {"id"}};
  tenants.uniques = {{"uq_tenants_slug", {"slug"}}};
  pub.tables.push_back(tenants);

  Table users;
  users.name = "users";
  Column user_id = column("id", "bigint");
  user_id.identity = true;
  users.columns = {user_id, column("tenant_id", "uuid"), column("email", "text"),
                   column("manager_id", "bigint", true), column("tags", "text[]", true)};
  users.primary_key = {"pk_users", {"id"}};
  users.uniques = {{"uq_users_tenant_id_email", {"tenant_id", "email"}}};
  users.foreign_keys = {
      {"fk_users_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::Cascade, FkAction::NoAction},
      {"fk_users_manager_id_users", {"manager_id"}, "public", "users", {"id"}, FkAction::SetNull, FkAction::NoAction}};
  users.indexes = {{"ix_users_email", {"email"}, true}};
  pub.tables.push_back(users);

  Table user_roles;
  user_roles.name = "user_roles";
  user_roles.columns = {column("user_id", "bigint"), column("role", "\"public\".\"tenant_plan\"[]")};
  user_roles.primary_key = {"pk_user_roles", {"user_id", "role"}};
  user_roles.foreign_keys = {
      {"fk_user_roles_user_id_users", {"user_id"}, "public", "users", {"id"}, FkAction::Cascade, FkAction::NoAction}};
  pub.tables.push_back(user_roles);

  Schema& audit = graph.schema("audit");
  audit.enums.push_back({"event_kind", {"login", "logout", "export"}});
  Table events;
  events.name = "audit_events";
  events.columns = {column("id", "bigint"), column("tenant_id", "uuid", true),
                    column("kind", "\"audit\".\"event_kind\""), column("plan", "\"public\".\"tenant_plan\""),
                    column("principal_id", "uuid")};
  events.primary_key = {"pk_audit_events", {"id"}};
  events.foreign_keys = {
      {"fk_audit_events_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::SetNull,
       FkAction::NoAction},
      {"fk_audit_events_principal_id_principals", {"principal_id"}, "iam", "principals", {"id"}, FkAction::Restrict,
       FkAction::NoAction}};
  audit.tables.push_back(events);

  graph.canonicalize();
  return graph;
}

ModelGraph platform_graph_reversed() {
  ModelGraph graph = platform_graph();
  std::reverse(graph.schemas.begin(), graph.schemas.end());
  for (Schema& schema : graph.schemas) {
    std::reverse(schema.tables.begin(), schema.tables.end());
    for (Table& table : schema.tables) std::reverse(table.foreign_keys.begin(), table.foreign_keys.end());
  }
  return graph;
}

// A graph whose names need escaping in both formats.
ModelGraph awkward_graph() {
  ModelGraph graph;
  Table table;
  table.name = "a<b>&\"c\"";
  table.columns = {column("x\\y", "numeric(10,2)"), column("2nd col", "character varying(5)", true)};
  table.primary_key = {"pk", {"x\\y"}};
  graph.schema("odd.schema").tables.push_back(table);
  graph.schema("odd.schema").enums.push_back({"e'num", {"<lt>", "a&b"}});
  Table other;
  other.name = "t";
  other.columns = {column("ref", "bigint")};
  other.foreign_keys = {{"fk", {"ref"}, "odd.schema", "a<b>&\"c\"", {"x\\y"}, FkAction::NoAction, FkAction::NoAction}};
  graph.schema("odd").tables.push_back(other);
  return graph;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

TEST(ErDiagramDot, MatchesGolden) { expect_matches_golden("inspect_dot/expected.dot", render_dot(platform_graph())); }

TEST(ErDiagramMermaid, MatchesGolden) {
  expect_matches_golden("inspect_mermaid/expected.mmd", render_mermaid(platform_graph()));
}

TEST(ErDiagramDot, DoesNotDependOnInsertionOrder) {
  EXPECT_EQ(render_dot(platform_graph_reversed()), render_dot(platform_graph()));
  EXPECT_EQ(render_dot(platform_graph()), render_dot(platform_graph()));
}

TEST(ErDiagramMermaid, DoesNotDependOnInsertionOrder) {
  EXPECT_EQ(render_mermaid(platform_graph_reversed()), render_mermaid(platform_graph()));
}

TEST(ErDiagramDot, OneClusterPerSchemaAndOneNodePerTableAndEnum) {
  const std::string dot = render_dot(platform_graph());
  EXPECT_EQ(count(dot, "subgraph \"cluster_"), 2u);
  EXPECT_EQ(count(dot, "<tr><td colspan=\"3\""), 4u);  // table headers
  EXPECT_EQ(count(dot, "<i>enum</i>"), 2u);
  EXPECT_EQ(count(dot, "arrowtail=crowodot"), 5u);  // one edge per FK
}

TEST(ErDiagramDot, EdgesRunFromTheFkColumnToTheReferencedColumn) {
  const std::string dot = render_dot(platform_graph());
  EXPECT_NE(dot.find("\"public.users\":\"r_tenant_id\" -> \"public.tenants\":\"l_id\" [dir=both, "
                     "arrowtail=crowodot, arrowhead=teetee];"),
            std::string::npos);
  // Nullable FK columns reference zero or one row.
  EXPECT_NE(dot.find("\"public.users\":\"r_manager_id\" -> \"public.users\":\"l_id\" [dir=both, "
                     "arrowtail=crowodot, arrowhead=teeodot];"),
            std::string::npos);
  // A table outside the graph is drawn as a dashed box.
  EXPECT_NE(dot.find("\"iam.principals\" [shape=box, style=dashed, label=<iam.principals>];"), std::string::npos);
  EXPECT_NE(dot.find("\"audit.audit_events\":\"r_principal_id\" -> \"iam.principals\" [dir=both"), std::string::npos);
}

TEST(ErDiagramDot, MarksKeysAndNullabilityAndShowsEnumsByName) {
  const std::string dot = render_dot(platform_graph());
  EXPECT_NE(dot.find("<td port=\"l_slug\" align=\"left\">slug</td><td align=\"left\">character varying(63)</td>"
                     "<td port=\"r_slug\" align=\"left\">UQ</td>"),
            std::string::npos);
  EXPECT_NE(dot.find(">tenant_id</td><td align=\"left\">uuid</td><td port=\"r_tenant_id\" align=\"left\">FK NULL</td>"),
            std::string::npos);
  EXPECT_NE(dot.find(">role</td><td align=\"left\">tenant_plan[]</td><td port=\"r_role\" align=\"left\">PK</td>"),
            std::string::npos);
  EXPECT_NE(dot.find(">plan</td><td align=\"left\">public.tenant_plan</td>"), std::string::npos);  // from audit
  EXPECT_NE(dot.find("\"audit.audit_events\":\"r_plan\" -> \"enum:public.tenant_plan\" [style=dashed"),
            std::string::npos);
}

// Issue 14: a table under row security says so, with its policies; others are drawn as before.
TEST(ErDiagramDot, NotesRowSecurityAndPolicies) {
  ModelGraph graph = platform_graph();
  const std::string plain = render_dot(graph);
  EXPECT_EQ(plain.find("row security"), std::string::npos);
  Table& table = graph.schemas.front().tables.front();
  table.row_security = true;
  table.policies = {{"tenant<isolation>", "ALL", "true", std::nullopt, {}}, {"tenant_write", "INSERT", std::nullopt, "true", {}}};
  EXPECT_NE(render_dot(graph).find("<tr><td colspan=\"3\" align=\"left\"><i>row security: tenant&lt;isolation&gt;, "
                                   "tenant_write</i></td></tr>\n      </table>"),
            std::string::npos)
      << render_dot(graph);
}

// Issue 14: a view is a node of its schema with dotted edges to what it reads; functions and
// triggers are not drawn; Mermaid lists views as comments.
TEST(ErDiagramDot, DrawsViewsAndWhatTheyRead) {
  ModelGraph graph = platform_graph();
  const std::string plain = render_dot(graph);
  const Schema& first = graph.schemas.front();
  const std::string table = first.name + "." + first.tables.front().name;
  graph.schema(first.name).sql_objects = {
      {SqlObjectKind::View, "v<1>", "", "VIEW x AS SELECT 1", {table, "other.unknown"}},
      {SqlObjectKind::Function, "f", "", "FUNCTION x() ...", {}}};
  const std::string dot = render_dot(graph);
  EXPECT_NE(dot.find("\"" + first.name + ".v%3C1%3E\" [shape=box, style=\"rounded,dashed\", label=<<i>view</i> v&lt;1&gt;>];"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("  \"" + first.name + ".v%3C1%3E\" -> \"" + table + "\" [style=dotted];\n"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("other.unknown"), std::string::npos);
  EXPECT_EQ(dot.find("\"" + first.name + ".f\""), std::string::npos);
  EXPECT_EQ(plain.find("view"), std::string::npos);
  EXPECT_NE(render_mermaid(graph).find("    %% view " + first.name + ".v<1> reads " + table), std::string::npos)
      << render_mermaid(graph);
}

TEST(ErDiagramDot, EscapesLabelsAndIds) {
  const std::string dot = render_dot(awkward_graph());
  EXPECT_NE(dot.find("<b>a&lt;b&gt;&amp;&quot;c&quot;</b>"), std::string::npos);
  EXPECT_NE(dot.find("\"odd%2Eschema.a%3Cb%3E%26%22c%22\" [label=<"), std::string::npos);
  EXPECT_NE(dot.find("port=\"l_x%5Cy\" align=\"left\">x\\y</td>"), std::string::npos);
  EXPECT_NE(dot.find("<i>enum</i> <b>e&#39;num</b>"), std::string::npos);
  EXPECT_NE(dot.find("<td align=\"left\">&lt;lt&gt;</td>"), std::string::npos);
  EXPECT_NE(dot.find("<td align=\"left\">a&amp;b</td>"), std::string::npos);
  EXPECT_NE(dot.find("subgraph \"cluster_odd%2Eschema\""), std::string::npos);
  EXPECT_NE(dot.find("\"odd.t\":\"r_ref\" -> \"odd%2Eschema.a%3Cb%3E%26%22c%22\":\"l_x%5Cy\""), std::string::npos);
  // No raw quote or backslash may reach a DOT quoted ID.
  for (std::size_t pos = dot.find("\" -> \""); pos != std::string::npos; pos = dot.find("\" -> \"", pos + 1)) {
    const std::string line = dot.substr(dot.rfind('\n', pos) + 1, dot.find('\n', pos) - dot.rfind('\n', pos) - 1);
    EXPECT_EQ(line.find('\\'), std::string::npos) << line;
  }
}

TEST(ErDiagramMermaid, EntitiesKeysAndRelationships) {
  const std::string mermaid = render_mermaid(platform_graph());
  EXPECT_TRUE(mermaid.starts_with("erDiagram\n"));
  EXPECT_NE(mermaid.find("    public__tenants {\n        uuid id PK\n        character_varying(63) slug UK\n"
                         "        tenant_plan plan\n        timestamp_with_time_zone created_at\n    }\n"),
            std::string::npos);
  EXPECT_NE(mermaid.find("        bigint manager_id FK \"nullable\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("        bigint user_id PK, FK\n"), std::string::npos);
  EXPECT_NE(mermaid.find("        public_tenant_plan plan\n"), std::string::npos);  // enum of another schema
  EXPECT_NE(mermaid.find("    public__users }o--|| public__tenants : \"tenant_id\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("    public__users }o--o| public__users : \"manager_id\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("    audit__audit_events }o--|| iam__principals : \"principal_id\"\n"), std::string::npos);
  // Dots (illegal in mermaid names) appear only in %% comments.
  std::size_t line_start = 0;
  for (std::size_t end = mermaid.find('\n'); end != std::string::npos; end = mermaid.find('\n', line_start = end + 1)) {
    const std::string line = mermaid.substr(line_start, end - line_start);
    if (line.find('.') != std::string::npos) {
      EXPECT_TRUE(line.starts_with("    %% enum ")) << line;
    }
  }
}

TEST(ErDiagramMermaid, SanitizesNamesAndTypes) {
  const std::string mermaid = render_mermaid(awkward_graph());
  EXPECT_NE(mermaid.find("    odd_schema__a_b__c {\n"), std::string::npos);
  EXPECT_NE(mermaid.find("        numeric(10_2) x_y PK \"column x\\y\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("        character_varying(5) x_2nd_col \"nullable; column 2nd col\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("    odd__t }o--|| odd_schema__a_b__c : \"ref\"\n"), std::string::npos);
  EXPECT_NE(mermaid.find("    %% enum odd.schema.e'num: <lt>, a&b\n"), std::string::npos);
}

Table one_column_table(const std::string& name) {
  Table t;
  t.name = name;
  t.columns = {column("id", "bigint")};
  return t;
}

TEST(ErDiagramMermaid, CollidingSanitizedNamesStayDistinct) {
  ModelGraph graph;
  graph.schema("s").tables.push_back(one_column_table("a-b"));
  graph.schema("s").tables.push_back(one_column_table("a.b"));
  const std::string mermaid = render_mermaid(graph);
  EXPECT_NE(mermaid.find("    s__a-b {\n"), std::string::npos);
  EXPECT_NE(mermaid.find("    s__a_b {\n"), std::string::npos);

  ModelGraph colliding;
  colliding.schema("s").tables.push_back(one_column_table("a b"));
  colliding.schema("s").tables.push_back(one_column_table("a_b"));
  const std::string text = render_mermaid(colliding);
  EXPECT_NE(text.find("    s__a_b {\n"), std::string::npos);
  EXPECT_NE(text.find("    s__a_b_2 {\n"), std::string::npos);
}

}  // namespace
}  // namespace strata

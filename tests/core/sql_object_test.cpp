// SQL object files (issue 14, SQL_OBJECTS): parsing one statement per file, the errors at
// file:line:col, dependencies, their order, and which changes CREATE OR REPLACE can make.
#include "core/sql_object.hpp"

#include <gtest/gtest.h>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"

namespace strata {
namespace {

std::string error_of(const std::string& text) {
  const SqlObjectParse result = parse_sql_object_file("objects/x.sql", text);
  EXPECT_TRUE(result.parsed.empty());
  return result.diagnostics.empty() ? "" : format(result.diagnostics.front());
}

TEST(SqlObjectFile, BadFilesAreErrorsAtTheirPlace) {
  EXPECT_EQ(error_of("-- nothing here\n"),
            "objects/x.sql:1:1: error: no statement: a SQL object file holds exactly one statement");
  EXPECT_EQ(error_of("CREATE VIEW public.a AS SELECT 1;\n  CREATE VIEW public.b AS SELECT 2;\n"),
            "objects/x.sql:2:3: error: a second statement: a SQL object file holds exactly one statement");
  EXPECT_EQ(error_of("\nCREATE TABLE public.t (id int);"),
            "objects/x.sql:2:8: error: expected CREATE VIEW, CREATE FUNCTION or CREATE TRIGGER (one per SQL object file)");
  EXPECT_EQ(error_of("DROP VIEW public.v;"),
            "objects/x.sql:1:1: error: expected CREATE VIEW, CREATE FUNCTION or CREATE TRIGGER (one per SQL object file)");
  EXPECT_EQ(error_of("CREATE VIEW v AS SELECT 1;"),
            "objects/x.sql:1:13: error: name the view with its schema: CREATE view schema.name");
  EXPECT_EQ(error_of("CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION public.f();"),
            "objects/x.sql:1:31: error: name the trigger's table with its schema: ON schema.table");
  EXPECT_EQ(error_of("CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1"),
            "objects/x.sql:1:56: error: unterminated dollar-quoted string");
  EXPECT_EQ(error_of("-- strata:depends orders\nCREATE VIEW public.v AS SELECT 1;"),
            "objects/x.sql:1:1: error: strata:depends names 'orders' without its schema (schema.name)");
}

TEST(SqlObjectFile, DefinitionDropsCommentsAndCreate) {
  const SqlObjectParse result = parse_sql_object_file(
      "v.sql", "-- why\nCREATE OR REPLACE VIEW \"Public\".V AS  -- the view\n  SELECT 1 AS one  ;\n");
  ASSERT_EQ(result.parsed.size(), 1u);
  const SqlObjectFile& f = result.parsed.front();
  EXPECT_EQ(f.schema, "Public");
  EXPECT_EQ(f.object.name, "v");
  EXPECT_EQ(f.object.definition, "VIEW \"Public\".V AS\n  SELECT 1 AS one");
  EXPECT_EQ(f.location, (SourceLocation{"v.sql", 2, 1}));
}

ModelGraph graph_of(const std::vector<std::string>& texts, std::vector<Diagnostic>* problems = nullptr) {
  ModelGraph graph;
  Table orders;
  orders.name = "orders";
  orders.columns = {Column{"id", "bigint", false, std::nullopt}, Column{"qty", "integer", false, std::nullopt}};
  orders.primary_key = {"pk_orders", {"id"}};
  graph.schema("public").tables.push_back(orders);
  std::vector<SqlObjectFile> files;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    SqlObjectParse p = parse_sql_object_file("f" + std::to_string(i) + ".sql", texts[i]);
    EXPECT_TRUE(p.diagnostics.empty()) << (p.diagnostics.empty() ? "" : format(p.diagnostics.front()));
    for (auto& f : p.parsed) files.push_back(f);
  }
  std::vector<Diagnostic> found = add_sql_objects(graph, files);
  if (problems) *problems = found;
  else EXPECT_TRUE(found.empty()) << format(found.front());
  return graph;
}

TEST(SqlObjects, DependenciesAreInferredAndDeclaredAndOrderTheCreates) {
  const ModelGraph graph = graph_of({
      "CREATE VIEW public.b AS SELECT * FROM public.a;",
      "-- strata:depends public.f\nCREATE VIEW public.a AS SELECT id FROM public.orders;",
      "CREATE TRIGGER t AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.f();",
      "CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;",
  });
  const Schema& s = *graph.find_schema("public");
  EXPECT_EQ(s.find_sql_object(SqlObjectKind::View, "", "a")->depends,
            (std::vector<std::string>{"public.f", "public.orders"}));
  EXPECT_EQ(s.find_sql_object(SqlObjectKind::Trigger, "orders", "t")->depends,
            (std::vector<std::string>{"public.f", "public.orders"}));
  std::vector<std::string> order;
  for (const auto& [schema, o] : sql_objects_in_dependency_order(graph)) order.push_back(o->name);
  EXPECT_EQ(order, (std::vector<std::string>{"f", "a", "b", "t"}));
}

TEST(SqlObjects, CycleAndDuplicateAreErrors) {
  std::vector<Diagnostic> problems;
  graph_of({"CREATE VIEW public.a AS SELECT * FROM public.b;", "CREATE VIEW public.b AS SELECT * FROM public.a;"},
           &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(format(problems[0]), "f0.sql:1:1: error: view public.a is part of a dependency cycle through public.b");
  graph_of({"CREATE VIEW public.a AS SELECT 1;", "CREATE VIEW public.a AS SELECT 2;"}, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(format(problems[0]), "f1.sql:1:1: error: view public.a is also defined in f0.sql");
  graph_of({"CREATE TRIGGER t AFTER INSERT ON public.missing FOR EACH ROW EXECUTE FUNCTION public.f();",
            "CREATE VIEW public.orders AS SELECT 1;"},
           &problems);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(format(problems[0]), "f0.sql:1:1: error: trigger public.missing.t: public.missing is not a table of the models");
  EXPECT_EQ(format(problems[1]), "f1.sql:1:1: error: view public.orders has the name of a table of the models");
}

SqlObject object_of(const std::string& text) {
  return parse_sql_object_file("x.sql", text).parsed.at(0).object;
}

// The check's probes: the object under another name; a trigger also on another table.
TEST(SqlObjects, DefinitionNamedRenamesTheObjectAndATriggersTable) {
  const SqlObject view = object_of("CREATE VIEW public.v AS SELECT id FROM public.orders;");
  EXPECT_EQ(definition_named(view, "pg_temp.probe_1"), "VIEW pg_temp.probe_1 AS SELECT id FROM public.orders");
  EXPECT_EQ(definition_named(view, "pg_temp.probe_1", "pg_temp.copy_1"), "VIEW pg_temp.probe_1 AS SELECT id FROM public.orders");
  const SqlObject trigger = object_of(
      "CREATE TRIGGER \"Touch\" BEFORE UPDATE OF status ON \"public\".\"orders\" FOR EACH ROW\n"
      "  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch();");
  EXPECT_EQ(definition_named(trigger, "probe_1"),
            "TRIGGER probe_1 BEFORE UPDATE OF status ON \"public\".\"orders\" FOR EACH ROW\n"
            "  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch()");
  EXPECT_EQ(definition_named(trigger, "probe_1", "pg_temp.copy_1"),
            "TRIGGER probe_1 BEFORE UPDATE OF status ON pg_temp.copy_1 FOR EACH ROW\n"
            "  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch()");
}

TEST(SqlObjects, ReplaceableWhereCreateOrReplaceWorksBothWays) {
  const SqlObject f1 = object_of("CREATE FUNCTION public.f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';");
  EXPECT_TRUE(replaceable(f1, object_of("CREATE FUNCTION public.f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';")));
  EXPECT_FALSE(replaceable(f1, object_of("CREATE FUNCTION public.f(a bigint) RETURNS int LANGUAGE sql AS 'SELECT 1';")));
  EXPECT_FALSE(replaceable(f1, object_of("CREATE FUNCTION public.f(a int) RETURNS bigint LANGUAGE sql AS 'SELECT 1';")));
  const SqlObject v1 = object_of("CREATE VIEW public.v AS SELECT id, qty FROM public.orders;");
  EXPECT_TRUE(replaceable(v1, object_of("CREATE VIEW public.v AS SELECT id, qty FROM public.orders WHERE qty > 0;")));
  // A column added at the end could be replaced going up, not coming down: drop and create.
  EXPECT_FALSE(replaceable(v1, object_of("CREATE VIEW public.v AS SELECT id, qty, 1 AS x FROM public.orders;")));
  EXPECT_FALSE(replaceable(object_of("CREATE VIEW public.v AS SELECT * FROM public.orders;"),
                           object_of("CREATE VIEW public.v AS SELECT * FROM public.orders WHERE true;")));
}

TEST(SqlObjects, DiffDropsDependentsFirstAndDowngradeIsTheReverse) {
  const std::string a = "CREATE VIEW public.a AS SELECT id, qty FROM public.orders;";
  const std::string b = "CREATE VIEW public.b AS SELECT qty FROM public.a;";
  const ModelGraph before = graph_of({a, b});
  ModelGraph after = graph_of({"CREATE VIEW public.a AS SELECT id, qty, 2 AS two FROM public.orders;", b});
  const std::vector<Operation> ops = diff(before, after);
  std::vector<std::string> described;
  for (const Operation& op : ops) described.push_back(describe(op));
  EXPECT_EQ(described, (std::vector<std::string>{"drop view public.b", "drop view public.a", "create view public.a",
                                                  "create view public.b"}));
  EXPECT_EQ(render(reverse(ops)).front().sql, "DROP VIEW \"public\".\"b\"");
  // The type of a column under a view changes: both views go around it.
  after = before;
  after.find_table("public", "orders")->columns[1].type = "bigint";
  described.clear();
  for (const Operation& op : diff(before, after)) described.push_back(describe(op));
  EXPECT_EQ(described.front(), "drop view public.b");
  EXPECT_EQ(described.back(), "create view public.b");
  EXPECT_EQ(described.size(), 5u);
}

}  // namespace
}  // namespace strata

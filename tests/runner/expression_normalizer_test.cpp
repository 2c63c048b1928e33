// normalize_expressions() against a real throwaway PostgreSQL: defaults are probed once per
// distinct (type, expression) and checks once per distinct table shape, so what must hold is that
// sharing never mixes up spellings, that one rejected expression leaves the others normalized,
// and that the number of probe tables does not grow with the number of model tables.
#include "catalog/expression_normalizer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <pqxx/pqxx>
#include <string>

#include "tests/runner/rich_model_graph.hpp"
#include "tests/support/pg_cluster.hpp"

namespace strata {
namespace {

using test::column;
using test::PgCluster;
using test::with_default;

class ExpressionNormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = std::make_unique<pqxx::connection>(url_);
  }
  void TearDown() override {
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }

  // normalize_expressions(connection, graph), counting the probe tables it creates (in libpq's
  // protocol trace of the connection).
  ModelGraph traced_normalize(const ModelGraph& graph, int& created_probe_tables) {
    std::FILE* trace = std::tmpfile();
    connection_->trace(trace);
    ModelGraph normalized = normalize_expressions(*connection_, graph);
    connection_->trace(nullptr);
    std::rewind(trace);
    std::string text;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, trace)) > 0;) text.append(buffer, n);
    std::fclose(trace);
    created_probe_tables = 0;
    const std::string needle = "CREATE TEMP TABLE";
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++created_probe_tables;
    }
    return normalized;
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
};

Table table_named(std::string name, std::vector<Column> columns, std::vector<CheckConstraint> checks = {}) {
  Table table;
  table.name = std::move(name);
  table.columns = std::move(columns);
  table.checks = std::move(checks);
  return table;
}

// The same expression is spelled after the type of its column, and the same check after the
// types of its table's columns: sharing a probe must not carry one table's spelling to another.
TEST_F(ExpressionNormalizerTest, SharedExpressionsAreSpelledForEachColumnType) {
  ModelGraph graph;
  graph.schema("public").tables.push_back(table_named(
      "a", {with_default(column("status", "text"), "'x'"), with_default(column("n", "integer"), "0+5")},
      {{"ck_status", "status IN ('a','b')"}}));
  graph.schema("audit").tables.push_back(table_named(
      "a", {with_default(column("status", "character varying(20)"), "'x'"), with_default(column("n", "integer"), "0+5")},
      {{"ck_status", "status IN ('a','b')"}}));
  graph.schema("audit").tables.push_back(table_named(
      "b", {with_default(column("status", "text"), "'x'"), with_default(column("n", "integer"), "0+5")},
      {{"ck_status", "status IN ('a','b')"}}));
  graph.canonicalize();

  int created = 0;
  const ModelGraph normalized = traced_normalize(graph, created);
  const Table& text_table = *normalized.find_table("public", "a");
  const Table& varchar_table = *normalized.find_table("audit", "a");
  const Table& same_as_text_table = *normalized.find_table("audit", "b");
  EXPECT_EQ(text_table.columns[0].default_expr, "'x'::text");
  EXPECT_EQ(varchar_table.columns[0].default_expr, "'x'::character varying");
  for (const Table* table : {&text_table, &varchar_table, &same_as_text_table}) {
    EXPECT_EQ(table->columns[1].default_expr, "0 + 5") << table->name;
  }
  EXPECT_EQ(text_table.checks[0].expression, "status = ANY (ARRAY['a'::text, 'b'::text])");
  EXPECT_EQ(same_as_text_table.checks[0].expression, "status = ANY (ARRAY['a'::text, 'b'::text])");
  EXPECT_EQ(varchar_table.checks[0].expression,
            "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])");
  // One table for the three defaults; public.a and audit.b share the text-typed check probe.
  EXPECT_EQ(created, 3);
}

// Probe tables per normalization: one for the defaults (per 1600 of them) and one per distinct
// table shape with checks, however many model tables share them.
TEST_F(ExpressionNormalizerTest, ProbeTablesDoNotGrowWithModelTables) {
  const auto graph_of = [](int tables) {
    ModelGraph graph;
    for (int i = 0; i < tables; ++i) {
      graph.schema("public").tables.push_back(table_named(
          "t" + std::to_string(i),
          {column("id", "bigint"), with_default(column("name", "text"), "'x'"),
           with_default(column("created", "timestamp with time zone"), "now()")},
          {{"ck_name", "length(name) < 100"}}));
    }
    graph.canonicalize();
    return graph;
  };
  int few = 0;
  int many = 0;
  traced_normalize(graph_of(3), few);
  const ModelGraph normalized = traced_normalize(graph_of(150), many);
  EXPECT_EQ(few, 2);
  EXPECT_EQ(many, 2);
  ASSERT_EQ(normalized.schemas.at(0).tables.size(), 150u);
  for (const Table& table : normalized.schemas[0].tables) {
    EXPECT_EQ(table.columns[1].default_expr, "'x'::text") << table.name;
    EXPECT_EQ(table.columns[2].default_expr, "now()") << table.name;
    EXPECT_EQ(table.checks[0].expression, "length(name) < 100") << table.name;
  }
}

// A rejected default (a missing function, a type the database lacks) stays as written; every other
// default, in the same probe table or not, is still respelled.
TEST_F(ExpressionNormalizerTest, RejectedDefaultsLeaveTheOthersNormalized) {
  std::vector<Column> columns;
  for (int i = 0; i < 40; ++i) {
    columns.push_back(with_default(column("c" + std::to_string(i), "integer"), std::to_string(i) + "+1"));
  }
  columns[17].default_expr = "no_such_function()";
  columns[30] = with_default(column("c30", "no_such_type"), "'a'");
  ModelGraph graph;
  graph.schema("public").tables.push_back(
      table_named("t", columns, {{"ck_t", "c0 > 0"}}));  // its probe cannot be made: c30's type
  graph.schema("public").tables.push_back(
      table_named("u", {with_default(column("c", "integer"), "17+1")}, {{"ck_u", "c>0"}}));
  graph.canonicalize();

  const ModelGraph normalized = normalize_expressions(*connection_, graph);
  const Table& t = *normalized.find_table("public", "t");
  for (int i = 0; i < 40; ++i) {
    const std::string expected = i == 17 ? "no_such_function()" : i == 30 ? "'a'" : std::to_string(i) + " + 1";
    EXPECT_EQ(t.columns[i].default_expr, expected) << t.columns[i].name;
  }
  EXPECT_EQ(t.checks[0].expression, "c0 > 0") << "as written: its probe table cannot be created";
  const Table& u = *normalized.find_table("public", "u");
  EXPECT_EQ(u.columns[0].default_expr, "17 + 1");
  EXPECT_EQ(u.checks[0].expression, "c > 0");
}

// More distinct defaults than a PostgreSQL table may have columns: the probes are split.
TEST_F(ExpressionNormalizerTest, MoreDistinctDefaultsThanColumnsPerTable) {
  ModelGraph graph;
  for (int t = 0; t < 2; ++t) {
    std::vector<Column> columns;
    for (int i = 0; i < 850; ++i) {
      const int k = t * 850 + i;
      columns.push_back(with_default(column("c" + std::to_string(i), "integer"), "0+" + std::to_string(k)));
    }
    graph.schema("public").tables.push_back(table_named("t" + std::to_string(t), columns));
  }
  graph.canonicalize();

  int created = 0;
  const ModelGraph normalized = traced_normalize(graph, created);
  EXPECT_EQ(created, 2);
  for (int t = 0; t < 2; ++t) {
    const Table& table = normalized.schemas.at(0).tables.at(t);
    for (int i = 0; i < 850; ++i) {
      ASSERT_EQ(table.columns[i].default_expr, "0 + " + std::to_string(t * 850 + i)) << table.name << "." << i;
    }
  }
}

// Inside the caller's transaction: the probes go through savepoints and are dropped again, and
// the transaction stays usable even when expressions were rejected.
TEST_F(ExpressionNormalizerTest, InCallersTransactionLeavesNothingBehind) {
  ModelGraph graph;
  graph.schema("public").tables.push_back(table_named(
      "t", {with_default(column("a", "integer"), "1+1"), with_default(column("b", "integer"), "no_such_function()")},
      {{"ck_a", "a>0"}, {"ck_broken", "no_such_column > 0"}}));
  graph.canonicalize();

  pqxx::work tx(*connection_);
  tx.exec("CREATE TABLE kept (id integer)");
  const ModelGraph normalized = normalize_expressions(tx, graph);
  const Table& t = normalized.schemas.at(0).tables.at(0);
  EXPECT_EQ(t.columns[0].default_expr, "1 + 1");
  EXPECT_EQ(t.columns[1].default_expr, "no_such_function()");
  EXPECT_EQ(t.checks[0].expression, "a > 0");
  EXPECT_EQ(t.checks[1].expression, "no_such_column > 0");
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_class WHERE relname LIKE 'strata_normalize%'")[0].as<int>(), 0);
  tx.commit();
  pqxx::nontransaction check(*connection_);
  EXPECT_EQ(check.exec1("SELECT count(*) FROM pg_class WHERE relname = 'kept'")[0].as<int>(), 1);
}

}  // namespace
}  // namespace strata

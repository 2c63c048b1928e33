// SQL objects on a real PostgreSQL (issue 14, SQL_OBJECTS): revisions that create, change and drop
// a function, a trigger and views run on a table holding rows; `migrator check` (check_drift)
// sees no drift after each, and the downgrade restores the parent's catalog; views are recreated
// around a column type change; a view edited behind the models' back is reported (and the SQL
// repairs it), one matching UNMANAGED is not.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <variant>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "core/sql_object.hpp"
#include "runner/drift_check.hpp"
#include "runner/executor.hpp"
#include "runner/planner.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::PgCluster;

const char* const kFunction =
    "-- keeps orders.note in lower case\n"
    "CREATE OR REPLACE FUNCTION public.touch_order() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n  NEW.note := lower(NEW.note);\n  RETURN NEW;\nEND\n$$;\n";
const char* const kTrigger =
    "CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON public.orders\n"
    "FOR EACH ROW EXECUTE FUNCTION public.touch_order();\n";
const char* const kOpenOrders =
    "CREATE VIEW public.open_orders AS\nSELECT o.id, o.customer_id, o.quantity, o.note\n"
    "FROM public.orders o WHERE o.status = 'open';\n";
const char* const kTotals =
    "CREATE VIEW public.customer_totals AS\n"
    "SELECT customer_id, sum(quantity) AS total, count(*) AS orders FROM public.open_orders GROUP BY customer_id;\n";

// The orders table (quantity of `quantity_type`) and the SQL objects of `files`.
ModelGraph graph_with(const std::string& quantity_type, const std::vector<std::string>& files) {
  ModelGraph graph;
  Table t;
  t.name = "orders";
  t.columns = {{"id", "bigint", false, std::nullopt, true, std::nullopt},
               {"customer_id", "bigint", false, std::nullopt, false, std::nullopt},
               {"status", "text", false, std::nullopt, false, std::nullopt},
               {"quantity", quantity_type, false, std::nullopt, false, std::nullopt},
               {"note", "text", true, std::nullopt, false, std::nullopt}};
  t.primary_key = {"pk_orders", {"id"}};
  graph.schema("public").tables.push_back(std::move(t));
  std::vector<SqlObjectFile> parsed;
  for (const std::string& text : files)
    for (SqlObjectFile& f : parse_sql_object_file("objects.sql", text).parsed) parsed.push_back(std::move(f));
  EXPECT_TRUE(add_sql_objects(graph, parsed).empty());
  graph.canonicalize();
  return graph;
}

std::string up_sql(const ModelGraph& from, const ModelGraph& to) { return render_script(render(diff(from, to))); }
std::string down_sql(const ModelGraph& from, const ModelGraph& to) {
  return render_script(render(reverse(diff(from, to))));
}

class SqlObjectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = connect_database(url_);
    options_.progress = &progress_;
  }
  void TearDown() override {
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }

  // Revision i+1 turns graphs[i] into graphs[i+1] (graphs[0] is the empty database).
  void add_revisions(const std::vector<ModelGraph>& graphs) {
    for (std::size_t i = 1; i < graphs.size(); ++i)
      registry_.add("000" + std::to_string(i) + "_r", i == 1 ? "" : "000" + std::to_string(i - 1) + "_r",
                    up_sql(graphs[i - 1], graphs[i]), down_sql(graphs[i - 1], graphs[i]));
  }

  std::string scalar(const std::string& sql) { return test::query_scalar(*connection_, sql); }
  void exec(const std::string& sql) { test::execute(*connection_, sql); }
  void expect_no_drift(const ModelGraph& expected, const std::string& where) {
    const DriftReport drift = check_drift(*connection_, expected);
    EXPECT_TRUE(drift.empty()) << where << ":\n" << drift.sql();
  }
  // Rows with a NULL, the longest values and unicode.
  void seed() {
    exec("INSERT INTO public.orders (customer_id, status, quantity, note) VALUES "
         "(1, 'open', 2, NULL), (1, 'open', 2147483647, repeat('É', 3000)), (2, 'open', 5, 'Ünïcode ☃ 東京'),"
         " (2, 'closed', 7, 'done')");
  }
  // The SQL objects of the database, in the server's words.
  std::string catalog() {
    return scalar(
        "SELECT coalesce(string_agg(d, E'\\n' ORDER BY d), '') FROM ("
        " SELECT 'view ' || viewname || ': ' || definition AS d FROM pg_views WHERE schemaname = 'public'"
        " UNION ALL SELECT 'function ' || p.proname || ': ' || pg_get_functiondef(p.oid) FROM pg_proc p"
        "   WHERE p.pronamespace = 'public'::regnamespace"
        " UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE NOT t.tgisinternal) x");
  }

  test::RegistryBuilder registry_;
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::ostringstream progress_;
  ExecutorOptions options_;
};

TEST_F(SqlObjectsTest, CreateChangeDropRoundTripOnRows) {
  const ModelGraph plain = graph_with("integer", {});
  const ModelGraph created = graph_with("integer", {kFunction, kTrigger, kOpenOrders, kTotals});
  // The function's body (CREATE OR REPLACE) and the first view's select list (drop and create,
  // with the view on it) change.
  std::string function2 = kFunction;
  function2.replace(function2.find("lower(NEW.note)"), 15, "upper(btrim(NEW.note))");
  const ModelGraph changed = graph_with(
      "integer", {function2, kTrigger,
                  "CREATE VIEW public.open_orders AS SELECT o.id, o.customer_id, o.quantity, o.note, o.status "
                  "FROM public.orders o WHERE o.status = 'open';",
                  kTotals});
  const ModelGraph dropped = graph_with("integer", {kFunction});
  add_revisions({ModelGraph{}, plain, created, changed, dropped});
  const RevisionChain chain(registry_.registry());

  run_upgrade(*connection_, chain, "+1", options_);
  seed();
  const std::string at_plain = catalog();
  run_upgrade(*connection_, chain, "+1", options_);
  expect_no_drift(created, "created");
  exec("INSERT INTO public.orders (customer_id, status, quantity, note) VALUES (3, 'open', 1, 'MiXeD')");
  EXPECT_EQ(scalar("SELECT note FROM public.orders WHERE customer_id = 3"), "mixed");  // the trigger runs
  EXPECT_EQ(scalar("SELECT total || '/' || orders FROM public.customer_totals WHERE customer_id = 1"),
            "2147483649/2");
  const std::string at_created = catalog();

  run_upgrade(*connection_, chain, "+1", options_);
  expect_no_drift(changed, "changed");
  exec("UPDATE public.orders SET note = ' again ' WHERE customer_id = 3");
  EXPECT_EQ(scalar("SELECT note || '/' || status FROM public.open_orders WHERE customer_id = 3"), "AGAIN/open");
  const std::string at_changed = catalog();

  run_upgrade(*connection_, chain, "+1", options_);
  expect_no_drift(dropped, "dropped");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_views WHERE schemaname = 'public'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"), "0");

  // Each downgrade restores its parent's catalog exactly; no row is lost on the way.
  run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(catalog(), at_changed);
  run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(catalog(), at_created);
  expect_no_drift(created, "downgraded to created");
  run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(catalog(), at_plain);
  EXPECT_EQ(scalar("SELECT count(*) || '/' || count(note) || '/' || max(length(note)) FROM public.orders"), "5/4/3000");
}

// PostgreSQL refuses ALTER COLUMN ... TYPE under a view: the views (and the view on the view) are
// dropped before and created after, in the same revision; the downgrade does the same.
TEST_F(SqlObjectsTest, ViewsAreRecreatedAroundAColumnTypeChange) {
  const ModelGraph before = graph_with("integer", {kOpenOrders, kTotals});
  const ModelGraph after = graph_with("bigint", {kOpenOrders, kTotals});
  add_revisions({ModelGraph{}, before, after});
  const RevisionChain chain(registry_.registry());
  run_upgrade(*connection_, chain, "+1", options_);
  seed();
  run_upgrade(*connection_, chain, "head", options_);
  expect_no_drift(after, "after the type change");
  exec("UPDATE public.orders SET quantity = 9000000000 WHERE customer_id = 2 AND status = 'open'");
  EXPECT_EQ(scalar("SELECT total FROM public.customer_totals WHERE customer_id = 2"), "9000000000");
  exec("UPDATE public.orders SET quantity = 5 WHERE customer_id = 2");
  run_downgrade(*connection_, chain, "-1", options_);
  expect_no_drift(before, "after the downgrade");
  EXPECT_EQ(scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                   "WHERE attrelid = 'public.open_orders'::regclass AND attname = 'quantity'"),
            "integer");
}

class SqlObjectsDriftTest : public SqlObjectsTest {
 protected:
  void SetUp() override {
    SqlObjectsTest::SetUp();
    add_revisions({ModelGraph{}, expected_});
    run_upgrade(*connection_, RevisionChain(registry_.registry()), "head", options_);
  }
  const ModelGraph expected_ = graph_with("integer", {kFunction, kTrigger, kOpenOrders, kTotals});
};

TEST_F(SqlObjectsDriftTest, ViewEditedBehindTheModelsBackIsReportedAndRepaired) {
  exec("CREATE OR REPLACE VIEW public.open_orders AS SELECT o.id, o.customer_id, o.quantity, o.note "
       "FROM public.orders o WHERE o.status <> 'closed'");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_EQ(report.operations.size(), 1u) << report.sql();
  EXPECT_TRUE(std::holds_alternative<ReplaceSqlObject>(report.operations[0])) << report.sql();
  EXPECT_NE(report.sql().find("WHERE (o.status = 'open'::text)"), std::string::npos) << report.sql();  // the server's spelling
  exec(report.sql());
  expect_no_drift(expected_, "after running the reported SQL");
}

TEST_F(SqlObjectsDriftTest, TriggerAndFunctionDroppedByHandAreReported) {
  exec("DROP TRIGGER orders_touch ON public.orders");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_EQ(report.operations.size(), 1u) << report.sql();
  EXPECT_TRUE(std::holds_alternative<CreateSqlObject>(report.operations[0])) << report.sql();
  exec(report.sql());
  expect_no_drift(expected_, "after running the reported SQL");
}

TEST_F(SqlObjectsDriftTest, HandMadeViewIsReportedUnlessUnmanaged) {
  exec("CREATE VIEW public.legacy_report AS SELECT count(*) AS n FROM public.orders");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_EQ(report.operations.size(), 1u) << report.sql();
  EXPECT_EQ(report.sql(), "DROP VIEW \"public\".\"legacy_report\";\n");
  EXPECT_TRUE(check_drift(*connection_, expected_, UnmanagedPatterns({"public.legacy_*"})).empty());
}

// `migrator check` on a live database: a trigger is probed on a temp copy of its table's
// columns, never on the live table, so a writer's open transaction neither holds check up nor
// changes what it finds (a probe on the live table waited for it, and every later writer of the
// table queued behind the probe).
TEST_F(SqlObjectsDriftTest, CheckDoesNotWaitForAWritersOpenTransaction) {
  const auto writer = connect_database(url_);
  pqxx::work open_write(*writer);
  open_write.exec("INSERT INTO public.orders (id, customer_id, status, quantity) VALUES (1, 1, 'open', 1)");
  std::future<DriftReport> checking =
      std::async(std::launch::async, [&] { return check_drift(*connection_, expected_); });
  const bool returned = checking.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  open_write.abort();  // lets a probe that queued through, so that a failing test ends
  const DriftReport report = checking.get();
  ASSERT_TRUE(returned) << "check_drift waited for the writer's transaction";
  EXPECT_TRUE(report.empty()) << report.sql();
}

}  // namespace
}  // namespace strata

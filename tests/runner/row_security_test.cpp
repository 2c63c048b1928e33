// Row security on a real PostgreSQL (issue 14): a revision that enables row security and adds a
// tenant policy, run by the executor on a table holding rows, really isolates tenants for an
// application role and for the table's owner (FORCE); its downgrade opens the table again;
// `migrator check` (check_drift) sees no drift after it, and reports a policy or row security
// changed behind the models' back with SQL that repairs it.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <variant>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/drift_check.hpp"
#include "runner/executor.hpp"
#include "runner/planner.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::PgCluster;

Table documents(bool row_security) {
  Table t;
  t.name = "documents";
  t.columns = {{"id", "bigint", false, std::nullopt, true, std::nullopt},
               {"tenant_id", "bigint", false, std::nullopt, false, std::nullopt},
               {"title", "text", true, std::nullopt, false, std::nullopt}};
  t.primary_key = {"pk_documents", {"id"}};
  if (row_security) {
    t.row_security = true;
    t.policies = {{"tenant_isolation", "ALL", "tenant_id = current_setting('app.tenant_id')::bigint",
                   "tenant_id = current_setting('app.tenant_id')::bigint", {"app_user"}}};
  }
  return t;
}

ModelGraph graph_with(Table table) {
  ModelGraph graph;
  graph.schema("public").tables.push_back(std::move(table));
  graph.canonicalize();
  return graph;
}

std::string up_sql(const ModelGraph& from, const ModelGraph& to) { return render_script(render(diff(from, to))); }
std::string down_sql(const ModelGraph& from, const ModelGraph& to) {
  return render_script(render(reverse(diff(from, to))));
}

class RowSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = connect_database(url_);
    // Roles are cluster-wide: another test of this process may have made them.
    for (const char* role : {"app_user", "app_owner"})
      exec(std::string("DO $$ BEGIN CREATE ROLE ") + role + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    const ModelGraph plain = graph_with(documents(false));
    registry_.add("0001_documents", "", up_sql(ModelGraph{}, plain), down_sql(ModelGraph{}, plain));
    registry_.add("0002_tenant_isolation", "0001_documents", up_sql(plain, expected_),
                  down_sql(plain, expected_));
    options_.progress = &progress_;
  }
  void TearDown() override {
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }

  std::string scalar(const std::string& sql) { return test::query_scalar(*connection_, sql); }
  void exec(const std::string& sql) { test::execute(*connection_, sql); }

  // Rows of tenants 1 and 2 (a NULL, a long and a unicode title among them), as the superuser.
  void seed() {
    exec(
        "INSERT INTO public.documents (tenant_id, title) VALUES (1, 'plan'), (1, NULL), (1, repeat('x', 5000)),"
        " (2, 'Überweisung – 東京'), (2, 'secret')");
    exec("GRANT SELECT, INSERT, UPDATE, DELETE ON public.documents TO app_user");
    exec("ALTER TABLE public.documents OWNER TO app_owner");
  }

  // What `role` sees with app.tenant_id = `tenant` (SET ROLE: the superuser itself bypasses RLS).
  std::string visible_as(const std::string& role, int tenant, const std::string& query) {
    pqxx::work tx(*connection_);
    tx.exec("SET LOCAL ROLE " + tx.quote_name(role));
    tx.exec("SELECT set_config('app.tenant_id', '" + std::to_string(tenant) + "', true)");
    const std::string value = tx.exec1(query)[0].c_str();
    tx.abort();
    return value;
  }

  const ModelGraph expected_ = graph_with(documents(true));
  test::RegistryBuilder registry_;
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::ostringstream progress_;
  ExecutorOptions options_;
};

TEST_F(RowSecurityTest, UpgradeIsolatesTenantsAndDowngradeRemovesIt) {
  const RevisionChain chain(registry_.registry());
  run_upgrade(*connection_, chain, "+1", options_);
  seed();
  EXPECT_EQ(visible_as("app_user", 1, "SELECT count(*) FROM public.documents"), "5");  // no row security yet

  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(visible_as("app_user", 1, "SELECT count(*) FROM public.documents"), "3");
  EXPECT_EQ(visible_as("app_user", 2, "SELECT string_agg(title, ',' ORDER BY id) FROM public.documents"),
            "Überweisung – 東京,secret");
  // FORCE: the owner is held to the policies too, and no policy grants it a row.
  EXPECT_EQ(visible_as("app_owner", 1, "SELECT count(*) FROM public.documents"), "0");
  // WITH CHECK: tenant 1 cannot write a row of tenant 2.
  EXPECT_THROW(visible_as("app_user", 1, "INSERT INTO public.documents (tenant_id, title) VALUES (2, 'x') RETURNING 1"),
               pqxx::sql_error);
  EXPECT_EQ(visible_as("app_user", 1, "INSERT INTO public.documents (tenant_id, title) VALUES (1, 'x') RETURNING 1"),
            "1");
  // The superuser still sees every row: nothing was lost.
  EXPECT_EQ(scalar("SELECT count(*) FROM public.documents"), "5");

  const DriftReport drift = check_drift(*connection_, expected_);
  EXPECT_TRUE(drift.empty()) << drift.sql();

  run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_policy WHERE polrelid = 'public.documents'::regclass"), "0");
  EXPECT_EQ(scalar("SELECT relrowsecurity OR relforcerowsecurity FROM pg_class "
                   "WHERE oid = 'public.documents'::regclass"),
            "f");
  EXPECT_EQ(visible_as("app_user", 1, "SELECT count(*) FROM public.documents"), "5");
}

// PostgreSQL refuses ALTER COLUMN ... TYPE under a policy that uses the column: the revision drops
// the policy and creates it again around the change, and isolation holds after it.
TEST_F(RowSecurityTest, ColumnTypeChangeUnderAPolicyRuns) {
  ModelGraph retyped = expected_;
  retyped.find_table("public", "documents")->find_column("tenant_id")->type = "numeric(20,0)";
  registry_.add("0003_retype", "0002_tenant_isolation", up_sql(expected_, retyped), down_sql(expected_, retyped));
  const RevisionChain chain(registry_.registry());
  run_upgrade(*connection_, chain, "+1", options_);
  seed();
  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                   "WHERE attrelid = 'public.documents'::regclass AND attname = 'tenant_id'"),
            "numeric(20,0)");
  EXPECT_EQ(visible_as("app_user", 2, "SELECT count(*) FROM public.documents"), "2");
  const DriftReport drift = check_drift(*connection_, retyped);
  EXPECT_TRUE(drift.empty()) << drift.sql();
  run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(visible_as("app_user", 2, "SELECT count(*) FROM public.documents"), "2");
}

class RowSecurityDriftTest : public RowSecurityTest {
 protected:
  void SetUp() override {
    RowSecurityTest::SetUp();
    run_upgrade(*connection_, RevisionChain(registry_.registry()), "head", options_);
  }
  void expect_repaired_by_its_sql(const DriftReport& report) {
    exec(report.sql());
    const DriftReport after = check_drift(*connection_, expected_);
    EXPECT_TRUE(after.empty()) << "still drifting after running the reported SQL:\n" << after.sql();
  }
};

TEST_F(RowSecurityDriftTest, PolicyLoosenedBehindTheModelsBackIsReported) {
  exec("ALTER POLICY tenant_isolation ON public.documents USING (true)");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_FALSE(report.empty());
  EXPECT_NE(report.sql().find("DROP POLICY \"tenant_isolation\""), std::string::npos) << report.sql();
  EXPECT_NE(report.sql().find("CREATE POLICY \"tenant_isolation\""), std::string::npos) << report.sql();
  expect_repaired_by_its_sql(report);
}

TEST_F(RowSecurityDriftTest, PolicyRolesChangedBehindTheModelsBackAreReported) {
  exec("ALTER POLICY tenant_isolation ON public.documents TO PUBLIC");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_FALSE(report.empty());
  expect_repaired_by_its_sql(report);
}

TEST_F(RowSecurityDriftTest, RowSecurityNotForcedIsReported) {
  exec("ALTER TABLE public.documents NO FORCE ROW LEVEL SECURITY");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_EQ(report.operations.size(), 1u) << report.sql();
  EXPECT_TRUE(std::holds_alternative<SetRowSecurity>(report.operations[0]));
  expect_repaired_by_its_sql(report);
}

TEST_F(RowSecurityDriftTest, DroppedPolicyIsReported) {
  exec("DROP POLICY tenant_isolation ON public.documents");
  const DriftReport report = check_drift(*connection_, expected_);
  ASSERT_EQ(report.operations.size(), 1u) << report.sql();
  EXPECT_TRUE(std::holds_alternative<CreatePolicy>(report.operations[0]));
  expect_repaired_by_its_sql(report);
}

}  // namespace
}  // namespace strata

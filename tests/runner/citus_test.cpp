// examples/citus on a real Citus (DESIGN.md, "Scale-out"): a coordinator and two workers, the
// example set's generated registry compiled in. Upgrade head distributes every table (reference
// tables first, colocated with tenants, foreign keys after), the evolution step (add column, add
// index, add a colocated foreign key) keeps the rows, `check` reads the distribution and ignores
// shards, and downgrade base undoes it all.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/schema_inspector.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/migrator_cli.hpp"
#include "strata/revision.hpp"
#include "tests/support/citus_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::CitusCluster;
using test::execute;
using test::query_scalar;

struct MigratorRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

MigratorRun migrator(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  MigratorRun run;
  run.exit_code = run_migrator(registry(), args, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string describe(const MigratorRun& run) { return "stdout:\n" + run.out + "\nstderr:\n" + run.err; }

// "tenants=h:1,users=h:1,...": each Citus table's method and colocation group, by name.
std::string distribution(pqxx::connection& connection) {
  return query_scalar(connection,
                      "SELECT coalesce(string_agg(logicalrelid::text || '=' || partmethod::text || repmodel::text || ':' || "
                      "  CASE WHEN partmethod = 'h' THEN column_to_column_name(logicalrelid, partkey) ELSE '' END || "
                      "  CASE WHEN partmethod = 'h' AND colocationid = (SELECT colocationid FROM pg_dist_partition "
                      "    WHERE logicalrelid = to_regclass('public.tenants')) THEN '~tenants' ELSE '' END, ',' "
                      "  ORDER BY logicalrelid::text), '') FROM pg_dist_partition");
}

const std::string kDistributedAtHead =
    "api_keys=hs:tenant_id~tenants,audit_events=hs:tenant_id~tenants,event_types=nt:,projects=hs:tenant_id~tenants,"
    "regions=nt:,tenants=hs:id~tenants,users=hs:tenant_id~tenants";

class CitusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CitusCluster::available()) << "Citus is not installed: run scripts/build-citus.sh (ctest fixture "
                                              "citus_build)";
    url_ = CitusCluster::shared().create_database();
    connection_.emplace(url_);
  }

  // Rows of one tenant in every table, with NULLs, longest values and unicode.
  void insert_rows() {
    execute(*connection_,
            "INSERT INTO regions VALUES ('eu-west-3', 'Paris — région 🇫🇷');"
            "INSERT INTO event_types (code) VALUES ('user.login');"
            "INSERT INTO tenants (id, slug, name, data_region) VALUES "
            "  ('00000000-0000-0000-0000-000000000001', repeat('s', 63), 'Zoë & Co', 'eu-west-3');"
            "INSERT INTO users (tenant_id, email, full_name) VALUES "
            "  ('00000000-0000-0000-0000-000000000001', repeat('e', 320), NULL),"
            "  ('00000000-0000-0000-0000-000000000001', 'jürgen@example.com', '渡辺');"
            "INSERT INTO api_keys (tenant_id, key_prefix) VALUES "
            "  ('00000000-0000-0000-0000-000000000001', repeat('k', 16)),"
            "  ('00000000-0000-0000-0000-000000000001', 'ключ');"
            "INSERT INTO projects (tenant_id, name, slug) VALUES "
            "  ('00000000-0000-0000-0000-000000000001', repeat('n', 255), 'churn');"
            "INSERT INTO audit_events (tenant_id, event_type_id) "
            "  SELECT '00000000-0000-0000-0000-000000000001', id FROM event_types");
  }

  std::string url_;
  std::optional<pqxx::connection> connection_;
};

TEST_F(CitusTest, UpgradeHeadDistributesEveryTableAndCheckIsClean) {
  const MigratorRun up = migrator({"--url", url_, "upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << describe(up);
  EXPECT_EQ(distribution(*connection_), kDistributedAtHead);
  // The shards are on the workers: each holds some of every distributed table's.
  pqxx::connection worker(CitusCluster::shared().worker_url(0, url_));
  EXPECT_NE(query_scalar(worker, "SELECT count(*) FROM pg_dist_shard_placement"), "0");
  insert_rows();
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM users"), "2");
  EXPECT_EQ(query_scalar(*connection_, "SELECT full_name FROM users WHERE email LIKE 'j%'"), "渡辺");
  // Foreign keys hold across the cluster.
  EXPECT_THROW(execute(*connection_, "INSERT INTO users (tenant_id, email) VALUES "
                                     "('00000000-0000-0000-0000-000000000009', 'x@y')"),
               pqxx::sql_error);

  const MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, 0) << describe(check);
}

TEST_F(CitusTest, EvolutionStepKeepsRowsAndAddsColumnIndexAndColocatedForeignKey) {
  const std::string first(registry().revisions[0].info->id);
  MigratorRun up = migrator({"--url", url_, "upgrade", first});
  ASSERT_EQ(up.exit_code, 0) << describe(up);
  insert_rows();
  up = migrator({"--url", url_, "upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << describe(up);
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM projects WHERE archived_at IS NULL"), "1");
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_projects_tenant_created'"),
            "1");
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM pg_constraint WHERE conname = "
                                       "'fk_projects_tenant_id_tenants'"),
            "1");
  // The new foreign key is enforced on the shards.
  EXPECT_THROW(execute(*connection_, "INSERT INTO projects (tenant_id, name, slug) VALUES "
                                     "('00000000-0000-0000-0000-000000000009', 'p', 'p')"),
               pqxx::sql_error);
  const MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, 0) << describe(check);
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM users"), "2");
}

// Also distributes a table holding rows (the SQL `check` prints): the rows stay.
TEST_F(CitusTest, CheckReportsATableThatIsNotDistributed) {
  ASSERT_EQ(migrator({"--url", url_, "upgrade", "head"}).exit_code, 0);
  insert_rows();
  const std::string rows = "SELECT string_agg(key_prefix, ',' ORDER BY key_prefix) FROM api_keys";
  const std::string before = query_scalar(*connection_, rows);
  execute(*connection_, "ALTER TABLE api_keys DROP CONSTRAINT fk_api_keys_tenant_id_tenants;"
                        "SELECT undistribute_table('public.api_keys')");
  MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, 1) << describe(check);
  EXPECT_NE(check.out.find("SELECT create_distributed_table('\"public\".\"api_keys\"', 'tenant_id'"),
            std::string::npos)
      << describe(check);
  {  // one statement a query: Citus sends a DDL statement's text on to the workers
    pqxx::work tx(*connection_);
    tx.exec(citus_sequential_mode().sql);
    for (std::size_t start = 0, end; (end = check.out.find(";\n", start)) != std::string::npos; start = end + 2)
      tx.exec(check.out.substr(start, end - start));
    tx.commit();
  }
  check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, 0) << describe(check);
  EXPECT_EQ(query_scalar(*connection_, rows), before);
}

TEST_F(CitusTest, InspectionSeesNoShards) {
  ASSERT_EQ(migrator({"--url", url_, "upgrade", "head"}).exit_code, 0);
  // The coordinator holds the reference tables' shards (it is in the metadata); they are Citus's.
  EXPECT_NE(query_scalar(*connection_, "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid) "
                                       "WHERE s.logicalrelid = 'public.regions'::regclass AND p.groupid = 0"),
            "0");
  // Citus hides shards from pg_class unless told not to (citus.override_table_visibility, or
  // citus.show_shards_for_app_name_prefixes): the inspection must not rely on that.
  pqxx::connection shown(url_ + "?options=-c%20citus.override_table_visibility%3Doff");
  ASSERT_NE(query_scalar(shown, "SELECT count(*) FROM pg_class WHERE relname ~ '^regions_[0-9]+$'"), "0");
  const ModelGraph live = inspect_schemas(shown, {"public"});
  std::vector<std::string> tables;
  for (const Table& table : live.find_schema("public")->tables) tables.push_back(table.name);
  EXPECT_EQ(tables, (std::vector<std::string>{"api_keys", "audit_events", "event_types", "projects", "regions",
                                              "strata_history", "tenants", "users"}));
}

TEST_F(CitusTest, DowngradeBaseUndoesEverything) {
  ASSERT_EQ(migrator({"--url", url_, "upgrade", "head"}).exit_code, 0);
  insert_rows();
  const MigratorRun down = migrator({"--url", url_, "downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << describe(down);
  EXPECT_EQ(distribution(*connection_), "");
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
                                       "'strata_history'"),
            "0");
  const MigratorRun again = migrator({"--url", url_, "upgrade", "head"});
  EXPECT_EQ(again.exit_code, 0) << describe(again);
  EXPECT_EQ(distribution(*connection_), kDistributedAtHead);
}

}  // namespace
}  // namespace strata

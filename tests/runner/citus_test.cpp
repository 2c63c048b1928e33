// examples/citus on a real Citus (DESIGN.md, "Scale-out"): a coordinator and two workers, the
// example set's generated registry compiled in. Upgrade head distributes every table (reference
// tables first, colocated with tenants, foreign keys after), the evolution step (add column, add
// index, add a colocated foreign key) keeps the rows, `check` reads the distribution and ignores
// shards, and downgrade base undoes it all. A table with a foreign key and rows changes its
// distribution both ways. And the migrator, as a process, killed inside a distribution change,
// plain and with a foreign key in its way (the test migrator over test_registries.cpp's
// "citus_distribution" and "citus_foreign_key").
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catalog/schema_inspector.hpp"
#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/migrator_cli.hpp"
#include "strata/revision.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/runner/test_registries.hpp"
#include "tests/support/citus_cluster.hpp"
#include "tests/support/kill_test_queries.hpp"
#include "tests/support/sql_query.hpp"

#ifndef STRATA_TEST_MIGRATOR
#error "STRATA_TEST_MIGRATOR must name the test migrator executable"
#endif

namespace strata {
namespace {

using test::CitusCluster;
using test::execute;
using test::query_scalar;
using test::kAccountsRowsDigestSql;
using test::kHistoryProgressSql;

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

// `ops` as the migrator runs a revision touching Citus tables: one transaction, sequential mode.
void run_revision(pqxx::connection& connection, const std::vector<Operation>& ops) {
  pqxx::work tx(connection);
  tx.exec(citus_sequential_mode().sql);
  for (const Statement& statement : render(ops)) tx.exec(statement.sql);
  tx.commit();
}

// A reference table that a foreign key ties to another, holding rows (NULL, unicode, 10,000
// characters), made hash-distributed: Citus refuses to undistribute a table with foreign keys,
// so the revision drops the key first and adds it back after. Every row stays, the key holds.
TEST_F(CitusTest, RedistributingATableWithAForeignKeyKeepsTheKeyAndTheRows) {
  const ModelGraph reference = test::accounts_with_a_region_key(Distribution::Kind::Reference);
  const ModelGraph distributed = test::accounts_with_a_region_key(Distribution::Kind::Distributed);
  run_revision(*connection_, diff(ModelGraph{}, reference));
  execute(*connection_,
          "INSERT INTO regions VALUES ('eu-west-3'), ('ap-northeast-1');"
          "INSERT INTO accounts SELECT g, CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN repeat('é', 10000) "
          "  ELSE 'Zoë 渡辺 ' || g END, CASE WHEN g % 2 = 0 THEN 'eu-west-3' END FROM generate_series(1, 500) g");
  const std::string digest_sql =
      "SELECT count(*) || ' ' || md5(string_agg(id || ':' || coalesce(name, '<null>') || ':' || "
      "coalesce(region_code, '<null>'), ',' ORDER BY id)) FROM accounts";
  const std::string rows_before = query_scalar(*connection_, digest_sql);
  ASSERT_EQ(rows_before.substr(0, 4), "500 ");

  run_revision(*connection_, diff(reference, distributed));
  EXPECT_EQ(query_scalar(*connection_, "SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'accounts'::regclass"),
            "h");
  EXPECT_EQ(query_scalar(*connection_, digest_sql), rows_before);
  EXPECT_EQ(query_scalar(*connection_, "SELECT count(*) FROM pg_constraint WHERE conname = 'fk_accounts_region_code_regions'"),
            "1");
  EXPECT_THROW(execute(*connection_, "INSERT INTO accounts VALUES (501, 'x', 'nowhere')"), pqxx::sql_error);

  // And back: the downgrade is the reversed upgrade.
  run_revision(*connection_, reverse(diff(reference, distributed)));
  EXPECT_EQ(query_scalar(*connection_, "SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'accounts'::regclass"),
            "n");
  EXPECT_EQ(query_scalar(*connection_, digest_sql), rows_before);
}

// The first value `sql` returns on `connection`, "" while it returns no row, within 30 s.
std::string wait_for(pqxx::connection& connection, const std::string& sql) {
  for (int attempt = 0; attempt < 300; ++attempt) {
    {
      pqxx::nontransaction tx(connection);
      const pqxx::result rows = tx.exec(sql);
      if (!rows.empty() && !rows[0][0].is_null()) return rows[0][0].as<std::string>();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "";
}

// A node's connection that sees Citus's shards in pg_class (they are hidden by default).
std::string showing_shards(const std::string& url) { return url + "?options=-c%20citus.override_table_visibility%3Doff"; }

// The test migrator's environment for the test registry `registry_name` (its URL on the command
// line only), with `pgoptions` for its session when not empty.
std::map<std::string, std::string> migrator_environment(const std::string& registry_name,
                                                        const std::string& pgoptions = "") {
  return {{"STRATA_TEST_REGISTRY", registry_name},
          {"STRATA_TEST_MIGRATOR_URL", test::Subprocess::kUnset},
          {"PGOPTIONS", pgoptions.empty() ? test::Subprocess::kUnset : pgoptions}};
}

// The test migrator, as a process, over the test registry `registry_name` on `url`.
std::vector<std::string> migrator_argv(const std::string& url, const std::vector<std::string>& args) {
  std::vector<std::string> argv{STRATA_TEST_MIGRATOR, "--url", url};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string describe(const test::ProcessResult& result) {
  return "stdout:\n" + result.out + "\nstderr:\n" + result.err;
}

// Every table in public on a node, shards included: what a rolled back change must leave as it was.
const std::string kPublicTablesSql =
    "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class "
    "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')";
const std::string kAccountsMethodSql =
    "SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'public.accounts'::regclass";

// The migrator SIGKILLed while its session on the coordinator runs `upgrade head` and a session
// on a worker waits for a lock `release` holds; `release` lets the lock go once the coordinator's
// session is gone (client_connection_check_interval: it never gets to finish the change; a session
// that outlived its client would run the revision, sent as one message, to the end and commit).
// `waiting_sql` finds the worker's waiting session.
void kill_while_a_worker_waits(const std::string& url, const std::string& registry_name, pqxx::connection& coordinator,
                               pqxx::connection& worker, const std::string& waiting_sql,
                               const std::function<void()>& release) {
  test::Subprocess child(migrator_argv(url, {"upgrade", "head"}),
                         migrator_environment(registry_name, "-c client_connection_check_interval=100"));
  const std::string waiting = wait_for(worker, waiting_sql);
  ASSERT_FALSE(waiting.empty()) << "the change never waited on the worker";
  const std::string session = wait_for(
      coordinator, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' "
                   "AND pid <> pg_backend_pid() AND query LIKE '%undistribute_table%'");
  ASSERT_FALSE(session.empty()) << "no migrator session on the coordinator";
  child.kill(SIGKILL);
  EXPECT_EQ(child.wait().term_signal, SIGKILL);
  ASSERT_EQ(wait_for(coordinator, "SELECT 't' WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " +
                                      session + ")"),
            "t");
  release();
  ASSERT_EQ(wait_for(worker, "SELECT 't' WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + waiting + ")"),
            "t");
}

// No transaction left prepared on any node (two-phase commit's leftovers of a killed change).
void expect_nothing_prepared(pqxx::connection& coordinator,
                             const std::vector<std::unique_ptr<pqxx::connection>>& workers) {
  EXPECT_EQ(query_scalar(coordinator, "SELECT count(*) FROM pg_prepared_xacts"), "0");
  for (std::size_t w = 0; w < workers.size(); ++w) {
    SCOPED_TRACE("worker " + std::to_string(w + 1));
    EXPECT_EQ(wait_for(*workers[w], "SELECT 't' WHERE NOT EXISTS (SELECT 1 FROM pg_prepared_xacts)"), "t");
  }
}

// The two workers' connections, shards shown (a pqxx 6 connection cannot move).
std::vector<std::unique_ptr<pqxx::connection>> worker_connections(const std::string& url) {
  std::vector<std::unique_ptr<pqxx::connection>> workers;
  for (std::size_t w = 0; w < 2; ++w)
    workers.push_back(std::make_unique<pqxx::connection>(showing_shards(CitusCluster::shared().worker_url(w, url))));
  return workers;
}

// The migrator SIGKILLed inside a distribution change: a hash-distributed table of 3000 rows (NULL,
// unicode and 10,000-character names) made a reference table (undistribute_table, then
// create_reference_table, one transaction), run as a process (the test migrator over the
// "citus_distribution" registry, tests/runner/test_registries.cpp) and killed while
// undistribute_table waits for a shard a worker's session has locked. The distributed transaction
// rolls back on every node: the table stays hash-distributed with every row, no table or shard
// is left over or lost, no transaction stays prepared, the history is unchanged. The rerun makes
// it a reference table holding every row on every node, and `check` exits 0.
TEST_F(CitusTest, KilledInsideADistributionChangeTheRerunCompletes) {
  const auto run = [&](const std::vector<std::string>& args) {
    return test::run_process(migrator_argv(url_, args), migrator_environment("citus_distribution"));
  };
  const test::ProcessResult first = run({"upgrade", "0001_accounts"});
  ASSERT_EQ(first.exit_code, 0) << describe(first);

  pqxx::connection coordinator(showing_shards(url_));
  const std::vector<std::unique_ptr<pqxx::connection>> workers = worker_connections(url_);
  const std::string& rows_digest_sql = kAccountsRowsDigestSql;
  const std::string& history_sql = kHistoryProgressSql;
  const std::string& method_sql = kAccountsMethodSql;
  const std::string placements_sql =
      "SELECT string_agg(shardid || '@' || groupid, ',' ORDER BY shardid) FROM pg_dist_placement "
      "JOIN pg_dist_shard USING (shardid) WHERE logicalrelid = 'public.accounts'::regclass";
  const std::string& tables_sql = kPublicTablesSql;
  const std::string rows_before = query_scalar(coordinator, rows_digest_sql);
  ASSERT_EQ(rows_before.substr(0, 5), "3000 ");
  ASSERT_EQ(query_scalar(coordinator, method_sql), "h");
  const std::string placements_before = query_scalar(coordinator, placements_sql);
  const std::vector<std::string> tables_before{query_scalar(coordinator, tables_sql), query_scalar(*workers[0], tables_sql),
                                               query_scalar(*workers[1], tables_sql)};
  ASSERT_NE(tables_before[1].find("accounts_"), std::string::npos) << tables_before[1];

  // A session on worker 1 locks the last of its shards: undistribute_table, reading the shards
  // back one by one (sequential mode), waits there.
  const std::string locked_shard = query_scalar(
      *workers[0], "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                  "AND relname ~ '^accounts_[0-9]+$' ORDER BY relname DESC LIMIT 1");
  pqxx::connection locker(CitusCluster::shared().worker_url(0, url_));
  auto locking = std::make_unique<pqxx::work>(locker);
  locking->exec("SET LOCAL citus.enable_manual_changes_to_shards TO on");  // Citus refuses a shard's lock else
  locking->exec("LOCK TABLE public." + locker.quote_name(locked_shard) + " IN ACCESS EXCLUSIVE MODE");
  kill_while_a_worker_waits(url_, "citus_distribution", coordinator, *workers[0],
                            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                            "AND query LIKE '%" + locked_shard + "%'",
                            [&] {
                              locking->commit();
                              locking.reset();
                            });
  if (HasFatalFailure()) return;

  // Everything as before the change, on every node.
  EXPECT_EQ(query_scalar(coordinator, history_sql), "0001_accounts@whole");
  EXPECT_EQ(query_scalar(coordinator, method_sql), "h");
  EXPECT_EQ(query_scalar(coordinator, placements_sql), placements_before);
  EXPECT_EQ(query_scalar(coordinator, rows_digest_sql), rows_before);
  EXPECT_EQ(query_scalar(coordinator, tables_sql), tables_before[0]);
  for (std::size_t w = 0; w < 2; ++w) {
    SCOPED_TRACE("worker " + std::to_string(w + 1));
    EXPECT_EQ(query_scalar(*workers[w], tables_sql), tables_before[w + 1]);
  }
  expect_nothing_prepared(coordinator, workers);

  const test::ProcessResult rerun = run({"upgrade", "head"});
  ASSERT_EQ(rerun.exit_code, 0) << describe(rerun);
  EXPECT_EQ(query_scalar(coordinator, history_sql), "0001_accounts@whole,0002_accounts_reference@whole");
  EXPECT_EQ(query_scalar(coordinator, method_sql), "n");
  EXPECT_EQ(query_scalar(coordinator, rows_digest_sql), rows_before);
  EXPECT_EQ(query_scalar(coordinator, "SELECT string_agg(coalesce(name, '∅'), '|' ORDER BY id) FROM public.accounts "
                                      "WHERE id IN (1, 2, 7, 2996, 2998, 3000)"),
            "account 1|Zoë ✓ 名前|∅|∅|Zoë ✓ 名前|account 3000");
  EXPECT_EQ(query_scalar(coordinator, "SELECT string_agg(length(name) || ':' || (name = repeat('x', 10000)), ',' "
                                      "ORDER BY id) FROM public.accounts WHERE id IN (3, 2999)"),
            "10000:true,10000:true");
  // Each worker holds the reference table's one shard, with every row.
  const std::string shard = query_scalar(
      coordinator, "SELECT shard_name('public.accounts'::regclass, shardid) FROM pg_dist_shard "
                   "WHERE logicalrelid = 'public.accounts'::regclass");
  std::string shard_digest_sql = rows_digest_sql;
  shard_digest_sql.replace(shard_digest_sql.find("public.accounts"), std::string("public.accounts").size(), shard);
  for (std::size_t w = 0; w < 2; ++w) {
    SCOPED_TRACE("worker " + std::to_string(w + 1));
    EXPECT_EQ(query_scalar(*workers[w], shard_digest_sql), rows_before);
  }
  const test::ProcessResult check = run({"check"});
  EXPECT_EQ(check.exit_code, 0) << describe(check);
}

// The migrator SIGKILLed in the middle of a distribution change that a foreign key is in the way
// of (the test migrator over test_registries.cpp's "citus_foreign_key"): accounts, 3000 rows
// (NULL, unicode and 10,000-character names, NULL regions), hash-distributed, its region_code tied
// to the reference table regions, is made a reference table. The revision drops the key,
// undistributes the table, creates the reference table and adds the key back, in one
// transaction. A session on worker 1 holds, not yet committed, tables named as the new shard
// will be, so create_reference_table waits there: after the key is dropped and every row has come
// back to the coordinator. Killed there, the change rolls back on every node: the key is there,
// the table hash-distributed with every row, no table left over or lost, nothing prepared, the
// history unchanged. The rerun completes and the key holds.
TEST_F(CitusTest, KilledAfterDroppingAForeignKeyInTheWayOfADistributionChangeTheKeyIsThere) {
  const auto run = [&](const std::vector<std::string>& args) {
    return test::run_process(migrator_argv(url_, args), migrator_environment("citus_foreign_key"));
  };
  const test::ProcessResult first = run({"upgrade", "0001_accounts"});
  ASSERT_EQ(first.exit_code, 0) << describe(first);

  pqxx::connection coordinator(showing_shards(url_));
  const std::vector<std::unique_ptr<pqxx::connection>> workers = worker_connections(url_);
  const std::string rows_sql =
      "SELECT count(*) || ' ' || md5(string_agg(id || ':' || coalesce(quote_literal(name), 'NULL') || ':' || "
      "coalesce(region_code, 'NULL'), ',' ORDER BY id)) FROM public.accounts";
  const std::string key_sql =
      "SELECT count(*) FROM pg_constraint WHERE conname = 'fk_accounts_region_code_regions' "
      "AND conrelid = 'public.accounts'::regclass";
  const std::string rows_before = query_scalar(coordinator, rows_sql);
  ASSERT_EQ(rows_before.substr(0, 5), "3000 ");
  ASSERT_EQ(query_scalar(coordinator, "SELECT count(*) FROM public.accounts WHERE region_code IS NULL"), "1000");
  ASSERT_EQ(query_scalar(coordinator, kAccountsMethodSql), "h");
  ASSERT_EQ(query_scalar(coordinator, key_sql), "1");
  const std::vector<std::string> tables_before{query_scalar(coordinator, kPublicTablesSql),
                                               query_scalar(*workers[0], kPublicTablesSql),
                                               query_scalar(*workers[1], kPublicTablesSql)};

  // The shard create_reference_table makes takes the next id of Citus's sequence (a few more are
  // held, should another allocation come first). A table of that name created and not committed
  // on worker 1 makes the shard's CREATE TABLE there wait for that transaction to end.
  const long next_shard = std::stol(query_scalar(
      coordinator, "SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM pg_catalog.pg_dist_shardid_seq"));
  pqxx::connection holder(CitusCluster::shared().worker_url(0, url_));
  auto holding = std::make_unique<pqxx::work>(holder);
  for (long shard = next_shard; shard < next_shard + 4; ++shard)
    holding->exec("CREATE TABLE public.accounts_" + std::to_string(shard) + " (id bigint)");
  const std::string holder_pid = std::to_string(holder.backendpid());
  kill_while_a_worker_waits(url_, "citus_foreign_key", coordinator, *workers[0],
                            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND pid NOT IN (pg_backend_pid(), " + holder_pid + ") "
                            "AND query LIKE '%" + std::to_string(next_shard) + "%'",
                            [&] {
                              holding->abort();
                              holding.reset();
                            });
  if (HasFatalFailure()) return;

  // Everything as before the change, on every node: the key first.
  EXPECT_EQ(query_scalar(coordinator, key_sql), "1");
  EXPECT_EQ(query_scalar(coordinator, kHistoryProgressSql), "0001_accounts@whole");
  EXPECT_EQ(query_scalar(coordinator, kAccountsMethodSql), "h");
  EXPECT_EQ(query_scalar(coordinator, rows_sql), rows_before);
  EXPECT_EQ(query_scalar(coordinator, kPublicTablesSql), tables_before[0]);
  for (std::size_t w = 0; w < 2; ++w) {
    SCOPED_TRACE("worker " + std::to_string(w + 1));
    EXPECT_EQ(query_scalar(*workers[w], kPublicTablesSql), tables_before[w + 1]);
  }
  expect_nothing_prepared(coordinator, workers);
  EXPECT_THROW(execute(coordinator, "INSERT INTO public.accounts VALUES (3001, 'x', 'nowhere')"), pqxx::sql_error);

  const test::ProcessResult rerun = run({"upgrade", "head"});
  ASSERT_EQ(rerun.exit_code, 0) << describe(rerun);
  EXPECT_EQ(query_scalar(coordinator, kHistoryProgressSql), "0001_accounts@whole,0002_accounts_reference@whole");
  EXPECT_EQ(query_scalar(coordinator, kAccountsMethodSql), "n");
  EXPECT_EQ(query_scalar(coordinator, key_sql), "1");
  EXPECT_EQ(query_scalar(coordinator, rows_sql), rows_before);
  EXPECT_THROW(execute(coordinator, "INSERT INTO public.accounts VALUES (3001, 'x', 'nowhere')"), pqxx::sql_error);
  const test::ProcessResult check = run({"check"});
  EXPECT_EQ(check.exit_code, 0) << describe(check);
}

}  // namespace
}  // namespace strata

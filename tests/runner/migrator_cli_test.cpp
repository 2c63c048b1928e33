// The migrator command line, run as a real subprocess (the test_migrator executable: the
// migrator's main() over the test registries of test_registries.cpp, chosen by
// $STRATA_TEST_REGISTRY) against a real throwaway PostgreSQL: exit statuses, messages, output.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "catalog/schema_inspector.hpp"
#include "runner/executor.hpp"
#include "runner/history_table.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/kill_test_queries.hpp"
#include "tests/support/pg_cluster.hpp"

#ifndef STRATA_TEST_MIGRATOR
#error "STRATA_TEST_MIGRATOR must name the test migrator executable"
#endif

namespace {

using strata::test::PgCluster;
using strata::test::ProcessResult;
using strata::test::Subprocess;
using strata::test::contains;
using strata::test::kAccountsRowsDigestSql;
using strata::test::kHistoryProgressSql;


std::map<std::string, std::string> environment_for(const std::string& registry,
                                                   std::map<std::string, std::string> extra = {}) {
  extra.emplace("STRATA_TEST_REGISTRY", registry);
  extra.emplace("STRATA_TEST_MIGRATOR_URL", Subprocess::kUnset);
  extra.emplace("PGOPTIONS", Subprocess::kUnset);
  return extra;
}

ProcessResult migrator(const std::vector<std::string>& args, const std::string& registry = "two_schema",
                       std::map<std::string, std::string> extra_env = {}) {
  std::vector<std::string> argv{STRATA_TEST_MIGRATOR};
  argv.insert(argv.end(), args.begin(), args.end());
  return strata::test::run_process(argv, environment_for(registry, std::move(extra_env)));
}

class MigratorCliTest : public ::testing::Test {
 protected:
  void SetUp() override { url_ = PgCluster::shared().create_database(); }
  void TearDown() override {
    watcher_.reset();
    for (const std::string& url : extra_databases_) PgCluster::shared().drop_database(url);
    PgCluster::shared().drop_database(url_);
  }

  std::string another_database() { return extra_databases_.emplace_back(PgCluster::shared().create_database()); }

  ProcessResult run(std::vector<std::string> args, const std::string& registry = "two_schema",
                    std::map<std::string, std::string> extra_env = {}) {
    args.insert(args.begin(), {"--url", url_});
    return migrator(args, registry, std::move(extra_env));
  }

  std::vector<std::string> history_ids(const std::string& url = "") {
    pqxx::connection connection(url.empty() ? url_ : url);
    pqxx::read_transaction tx(connection);
    std::vector<std::string> ids;
    for (const strata::HistoryRow& row : strata::read_history(tx, strata::HistoryTable{})) ids.push_back(row.revision);
    return ids;
  }
  void exec(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
  }
  bool exists(const std::string& qualified, const std::string& url = "") {
    pqxx::connection connection(url.empty() ? url_ : url);
    pqxx::nontransaction tx(connection);
    return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", qualified)[0][0].as<bool>();
  }

  // The first value `sql` returns as text, "" for no row or NULL: on one connection the kill tests
  // poll with (closed before the database is dropped).
  std::string scalar(const std::string& sql) {
    if (!watcher_) watcher_ = std::make_unique<pqxx::connection>(url_);
    pqxx::nontransaction tx(*watcher_);
    const pqxx::result rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? std::string() : rows[0][0].as<std::string>();
  }
  // The first value `sql` returns, "" while it returns none, within 30 s.
  std::string wait_for(const std::string& sql) {
    std::string value;
    for (int attempt = 0; attempt < 300 && value.empty(); ++attempt) {
      value = scalar(sql);
      if (value.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return value;
  }
  // Runs the migrator over `registry` and SIGKILLs it once its session is where `session` (a WHERE
  // clause on pg_stat_activity) says; returns once that session has ended too
  // (client_connection_check_interval: the server notices the client is gone within 100 ms).
  void kill_when(const std::string& registry, const std::vector<std::string>& args, const std::string& options,
                 const std::string& session) {
    std::vector<std::string> argv = {STRATA_TEST_MIGRATOR, "--url", url_};
    argv.insert(argv.end(), args.begin(), args.end());
    Subprocess child(argv, environment_for(registry, {{"PGOPTIONS", options + " -c client_connection_check_interval=100"}}));
    const std::string pid = wait_for("SELECT pid FROM pg_stat_activity WHERE " + session);
    ASSERT_FALSE(pid.empty()) << "the migrator never got there";
    child.kill(SIGKILL);
    EXPECT_EQ(child.wait().term_signal, SIGKILL);
    ASSERT_EQ(wait_for("SELECT 't' WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + ")"), "t");
  }

  std::string url_;
  std::vector<std::string> extra_databases_;
  std::unique_ptr<pqxx::connection> watcher_;
};

#define EXPECT_EXIT_STATUS(result, status) \
  EXPECT_EQ((result).exit_code, status) << "stdout:\n" << (result).out << "\nstderr:\n" << (result).err

TEST_F(MigratorCliTest, UpgradeDowngradeAndCurrent) {
  ProcessResult up = run({"upgrade", "head"});
  EXPECT_EXIT_STATUS(up, 0);
  EXPECT_TRUE(contains(up.err, "upgrading base -> 0004_tenant_region_index (4 revisions)")) << up.err;
  EXPECT_TRUE(contains(up.err, "[1/4] 0001_tenants … ")) << up.err;
  EXPECT_TRUE(contains(up.err, "[4/4] 0004_tenant_region_index … ")) << up.err;
  EXPECT_TRUE(contains(up.err, " ms\n")) << up.err;
  EXPECT_TRUE(contains(up.err, "now at 0004_tenant_region_index (head)")) << up.err;
  EXPECT_EQ(up.out, "");

  ProcessResult current = run({"current"});
  EXPECT_EXIT_STATUS(current, 0);
  EXPECT_EQ(current.out, "0004_tenant_region_index (head)\n");

  ProcessResult again = run({"upgrade"});
  EXPECT_EXIT_STATUS(again, 0);
  EXPECT_TRUE(contains(again.err, "already at 0004_tenant_region_index (head); nothing to do")) << again.err;

  // Global options after the command.
  ProcessResult down = migrator({"downgrade", "-1", "--url", url_});
  EXPECT_EXIT_STATUS(down, 0);
  EXPECT_TRUE(contains(down.err, "[1/1] 0004_tenant_region_index (down) … ")) << down.err;
  EXPECT_EQ(run({"current"}).out, "0003_tenant_region\n");

  EXPECT_EXIT_STATUS(run({"downgrade", "0001"}), 0);
  EXPECT_EQ(run({"current"}).out, "0001_tenants\n");
  EXPECT_EXIT_STATUS(run({"upgrade", "+2"}), 0);
  EXPECT_EQ(run({"current"}).out, "0003_tenant_region\n");
  EXPECT_EXIT_STATUS(run({"downgrade", "base"}), 0);
  EXPECT_EQ(run({"current"}).out, "base\n");
  EXPECT_TRUE(history_ids().empty());
  EXPECT_FALSE(exists("public.tenants"));
}

TEST_F(MigratorCliTest, UrlFromTheRegistrysEnvironmentVariable) {
  ProcessResult up = migrator({"upgrade", "+1"}, "two_schema", {{"STRATA_TEST_MIGRATOR_URL", url_}});
  EXPECT_EXIT_STATUS(up, 0);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
}

TEST_F(MigratorCliTest, HistoryListsTheChainNewestFirst) {
  ProcessResult history = migrator({"history"});
  EXPECT_EXIT_STATUS(history, 0);
  EXPECT_EQ(history.out,
            "0003_tenant_region -> 0004_tenant_region_index (head), index tenant region\n"
            "0002_audit_events -> 0003_tenant_region, tenant region\n"
            "0001_tenants -> 0002_audit_events, audit events\n"
            "<base> -> 0001_tenants, create tenants\n");
}

TEST_F(MigratorCliTest, HistoryVerboseShowsAppliedDatesAndChecksums) {
  ASSERT_EQ(run({"upgrade", "+1"}).exit_code, 0);
  ProcessResult history = run({"history", "--verbose"});
  EXPECT_EXIT_STATUS(history, 0);
  EXPECT_TRUE(contains(history.out, "Rev: 0004_tenant_region_index (head)\nParent: 0003_tenant_region\n")) << history.out;
  EXPECT_TRUE(contains(history.out, "Created: 2024-05-01T12:00:00Z\n")) << history.out;
  EXPECT_TRUE(contains(history.out, "Applied: no\n")) << history.out;
  std::size_t first = history.out.find("Rev: 0001_tenants\nParent: <base>\n");
  ASSERT_NE(first, std::string::npos) << history.out;
  std::string first_entry = history.out.substr(first);
  EXPECT_TRUE(contains(first_entry, "Checksum: ")) << first_entry;
  EXPECT_TRUE(contains(first_entry, "Applied: 20")) << first_entry;
  EXPECT_TRUE(contains(first_entry, " ms by postgres\n")) << first_entry;
}

TEST_F(MigratorCliTest, HeadsAndTwoHeads) {
  ProcessResult heads = migrator({"heads"});
  EXPECT_EXIT_STATUS(heads, 0);
  EXPECT_EQ(heads.out, "0004_tenant_region_index (head)\n");

  ProcessResult two = migrator({"heads"}, "two_heads");
  EXPECT_EXIT_STATUS(two, 5);
  EXPECT_EQ(two.out, "0002_left (head)\n0002_right (head)\n");
  EXPECT_TRUE(contains(two.err, "migrator: error: several heads: 0002_left and 0002_right both have parent 0001_tenants")) << two.err;

  ProcessResult upgrade = run({"upgrade", "head"}, "two_heads");
  EXPECT_EXIT_STATUS(upgrade, 5);
  EXPECT_TRUE(contains(upgrade.err, "several heads")) << upgrade.err;
  EXPECT_FALSE(exists("public.tenants"));
}

TEST_F(MigratorCliTest, FailingRevisionExitsFourNamingTheStatementAndLeavesHistoryUnchanged) {
  ASSERT_EQ(run({"upgrade", "+1"}, "failing").exit_code, 0);
  ProcessResult failed = run({"upgrade", "head"}, "failing");
  EXPECT_EXIT_STATUS(failed, 4);
  EXPECT_TRUE(contains(failed.err, "migrator: error: 0002_broken.up.sql:3: relation \"public.no_such_table\" does not exist"))
      << failed.err;
  EXPECT_TRUE(contains(failed.err, "in statement: INSERT INTO \"public\".\"no_such_table\"")) << failed.err;
  EXPECT_TRUE(contains(failed.err, "0002_broken was rolled back; the history is unchanged")) << failed.err;
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
  EXPECT_FALSE(exists("public.widgets"));
}

TEST_F(MigratorCliTest, TamperedChecksumExitsFive) {
  ASSERT_EQ(run({"upgrade", "+2"}).exit_code, 0);
  exec(R"(UPDATE "public"."strata_history" SET "checksum" = 'edited' WHERE "revision" = '0002_audit_events')");
  ProcessResult up = run({"upgrade", "head"});
  EXPECT_EXIT_STATUS(up, 5);
  EXPECT_TRUE(contains(up.err, "migrator: error: checksum of applied revision 0002_audit_events changed")) << up.err;
  EXPECT_EQ(run({"current"}).exit_code, 5);
  EXPECT_EQ(history_ids().size(), 2u);
  // stamp records the compiled-in checksum; then the upgrade proceeds.
  ProcessResult stamp = run({"stamp", "0002"});
  EXPECT_EXIT_STATUS(stamp, 0);
  EXPECT_TRUE(contains(stamp.err, "recorded the current checksum of 0002_audit_events")) << stamp.err;
  EXPECT_EXIT_STATUS(run({"upgrade", "head"}), 0);
}

TEST_F(MigratorCliTest, UnknownRevisionInTheDatabaseExitsFive) {
  ASSERT_EQ(run({"upgrade", "+1"}).exit_code, 0);
  exec(R"(INSERT INTO "public"."strata_history" ("revision", "checksum", "duration_ms") VALUES ('0042_elsewhere', 'x', 0))");
  ProcessResult up = run({"upgrade", "head"});
  EXPECT_EXIT_STATUS(up, 5);
  EXPECT_TRUE(contains(up.err, "0042_elsewhere")) << up.err;
  ProcessResult history = run({"history", "--verbose"});
  EXPECT_EXIT_STATUS(history, 5);
  EXPECT_TRUE(contains(history.out, "Rev: 0042_elsewhere (in the database only: unknown to this migrator)")) << history.out;
}

TEST_F(MigratorCliTest, UnreachableServerExitsThreeWithThePasswordMasked) {
  ProcessResult url = migrator({"--url", "postgresql://migrator:s3cretpw@127.0.0.1:1/nowhere?connect_timeout=5", "current"});
  EXPECT_EXIT_STATUS(url, 3);
  EXPECT_TRUE(contains(url.err, "migrator: error: cannot connect to host=127.0.0.1 port=1 dbname=nowhere user=migrator: ")) << url.err;
  EXPECT_FALSE(contains(url.err + url.out, "s3cretpw"));

  ProcessResult keywords = migrator(
      {"upgrade"}, "two_schema",
      {{"STRATA_TEST_MIGRATOR_URL", "host=127.0.0.1 port=1 dbname=nowhere user=u password='s3cret pw' connect_timeout=5"}});
  EXPECT_EXIT_STATUS(keywords, 3);
  EXPECT_TRUE(contains(keywords.err, "cannot connect to host=127.0.0.1 port=1 dbname=nowhere user=u: ")) << keywords.err;
  EXPECT_FALSE(contains(keywords.err + keywords.out, "s3cret"));
}

TEST_F(MigratorCliTest, UsageErrorsExitTwo) {
  EXPECT_EXIT_STATUS(migrator({}), 2);
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--bogus"}), 2);
  EXPECT_EXIT_STATUS(migrator({"downgrade"}), 2);  // a downgrade names its target
  EXPECT_EXIT_STATUS(migrator({"frobnicate"}), 2);
  EXPECT_EXIT_STATUS(migrator({"--lock-timeout", "soon", "upgrade", "--sql"}), 2);
  EXPECT_EXIT_STATUS(migrator({"current", "--single-transaction"}), 2);
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--from", "0001"}), 2);  // --from needs --sql
  ProcessResult unknown = migrator({"upgrade", "0009", "--sql"});
  EXPECT_EXIT_STATUS(unknown, 2);
  EXPECT_EQ(unknown.err, "migrator: error: unknown revision '0009'\n");
  ProcessResult backwards = run({"downgrade", "0002"});
  EXPECT_EXIT_STATUS(backwards, 2);
  EXPECT_TRUE(contains(backwards.err, "use upgrade")) << backwards.err;
  ProcessResult help = migrator({"--help"});
  EXPECT_EXIT_STATUS(help, 0);
  EXPECT_TRUE(contains(help.out, "upgrade")) << help.out;
}

TEST_F(MigratorCliTest, OfflineScriptsMatchTheirGoldenFiles) {
  ProcessResult up = migrator({"upgrade", "head", "--sql"});
  EXPECT_EXIT_STATUS(up, 0);
  expect_matches_golden("migrator/two_schema_upgrade_head.sql", up.out);
  EXPECT_TRUE(contains(up.err, "warning: 0002_audit_events has a C++ after_upgrade hook")) << up.err;

  ProcessResult down = migrator({"downgrade", "0001", "--sql", "--lock-timeout", "5s"});
  EXPECT_EXIT_STATUS(down, 0);
  expect_matches_golden("migrator/two_schema_downgrade_0001.sql", down.out);

  ProcessResult from = migrator({"upgrade", "head", "--sql", "--from", "0003"});
  EXPECT_EXIT_STATUS(from, 0);
  EXPECT_FALSE(contains(from.out, "0003_tenant_region.up.sql")) << from.out;
  EXPECT_TRUE(contains(from.out, "0004_tenant_region_index.up.sql")) << from.out;
}

TEST_F(MigratorCliTest, OfflineScriptThroughPsqlGivesTheSameSchemaAsUpgrade) {
  ProcessResult script = migrator({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const std::string path = (std::filesystem::temp_directory_path() / ("strata_upgrade_" + std::to_string(getpid()) + ".sql")).string();
  { std::ofstream(path) << script.out; }
  const std::string psql = PgCluster::bin_dir() + "/psql";
  ProcessResult applied = strata::test::run_process({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", path});
  EXPECT_EXIT_STATUS(applied, 0);

  const std::string online = another_database();
  ProcessResult upgraded = migrator({"upgrade", "head", "--url", online});
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.err;

  pqxx::connection offline_connection(url_);
  pqxx::connection online_connection(online);
  const std::vector<std::string> schemas{"public", "audit"};
  const std::vector<std::string> ignore{"public.strata_history"};
  strata::ModelGraph offline_graph = strata::inspect_schemas(offline_connection, schemas, ignore);
  strata::ModelGraph online_graph = strata::inspect_schemas(online_connection, schemas, ignore);
  EXPECT_FALSE(offline_graph.schemas.empty());
  EXPECT_TRUE(offline_graph == online_graph);
  EXPECT_EQ(history_ids(url_), history_ids(online));
  EXPECT_EQ(history_ids(url_).size(), 4u);
  ProcessResult at_head = migrator({"check", "--url", url_});
  EXPECT_EXIT_STATUS(at_head, 0);

  // And back down with the downgrade script.
  ProcessResult down = migrator({"downgrade", "base", "--sql"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  { std::ofstream(path) << down.out; }
  EXPECT_EXIT_STATUS(strata::test::run_process({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", path}), 0);
  EXPECT_TRUE(history_ids(url_).empty());
  EXPECT_FALSE(exists("public.tenants"));
  std::filesystem::remove(path);
}

TEST_F(MigratorCliTest, CheckExitsOneWhenBehindOrDrifted) {
  ASSERT_EQ(run({"upgrade", "0003"}).exit_code, 0);
  ProcessResult behind = run({"check"});
  EXPECT_EXIT_STATUS(behind, 1);
  EXPECT_TRUE(contains(behind.out, "the database is at 0003_tenant_region, head is 0004_tenant_region_index")) << behind.out;
  EXPECT_TRUE(contains(behind.out, "not applied: 0004_tenant_region_index")) << behind.out;

  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  ProcessResult clean = run({"check"});
  EXPECT_EXIT_STATUS(clean, 0);

  exec(R"(ALTER TABLE "public"."tenants" ADD COLUMN "shadow" integer)");
  ProcessResult drifted = run({"check"});
  EXPECT_EXIT_STATUS(drifted, 1);
  EXPECT_TRUE(contains(drifted.out, "shadow")) << drifted.out;
  EXPECT_TRUE(contains(drifted.err, "differs from head")) << drifted.err;
}

// Issue 14: a hand-made expression index no longer fails check for good: --ignore names it.
TEST_F(MigratorCliTest, CheckIgnoresWhatIgnorePatternsName) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(CREATE INDEX "ix_dba_lower_name" ON "public"."tenants" (lower("name")))");
  ProcessResult drifted = run({"check"});
  EXPECT_EXIT_STATUS(drifted, 1);
  EXPECT_TRUE(contains(drifted.out, "DROP INDEX \"public\".\"ix_dba_lower_name\"")) << drifted.out;
  ProcessResult ignored = run({"check", "--ignore", "public.ix_dba_*"});
  EXPECT_EXIT_STATUS(ignored, 0);
  EXPECT_EQ(ignored.out, "");
  ProcessResult bad = run({"check", "--ignore", "ix_dba_*"});
  EXPECT_EXIT_STATUS(bad, 2);
  EXPECT_TRUE(contains(bad.err, "has no '.' between schema and name")) << bad.err;
}

TEST_F(MigratorCliTest, StatusAndStamp) {
  ASSERT_EQ(run({"stamp", "0002"}).exit_code, 0);
  EXPECT_FALSE(exists("public.tenants"));  // stamp runs no SQL
  ProcessResult status = run({"status"});
  EXPECT_EXIT_STATUS(status, 0);
  EXPECT_TRUE(contains(status.out, "current: 0002_audit_events\nhead: 0004_tenant_region_index\npending: 2\n")) << status.out;
  EXPECT_TRUE(contains(status.out, "  0003_tenant_region, tenant region\n")) << status.out;
  ProcessResult base = run({"stamp", "base"});
  EXPECT_EXIT_STATUS(base, 0);
  EXPECT_TRUE(contains(base.err, "stamped base")) << base.err;
  EXPECT_TRUE(history_ids().empty());
}

TEST_F(MigratorCliTest, CreateIndexConcurrentlyRevisionSaysItRunsOutsideATransaction) {
  ProcessResult up = run({"upgrade", "head"});
  EXPECT_EXIT_STATUS(up, 0);
  EXPECT_TRUE(contains(up.err, "0004_tenant_region_index.up.sql: a statement PostgreSQL cannot run inside a transaction"))
      << up.err;
  EXPECT_TRUE(exists("public.ix_tenants_region"));
  ProcessResult single = run({"downgrade", "base", "--single-transaction"});
  EXPECT_EXIT_STATUS(single, 2);
  EXPECT_TRUE(contains(single.err, "--single-transaction cannot apply 0004_tenant_region_index.down.sql")) << single.err;
}

TEST_F(MigratorCliTest, ConcurrentMigratorProcessesApplyEachRevisionOnce) {
  std::vector<std::unique_ptr<Subprocess>> children;
  for (int i = 0; i < 4; ++i) {
    children.push_back(std::make_unique<Subprocess>(
        std::vector<std::string>{STRATA_TEST_MIGRATOR, "upgrade", "head", "--url", url_},
        environment_for("sleepy", {{"PGOPTIONS", "-c strata_test.nap=0.5"}})));
  }
  int did_the_work = 0;
  for (auto& child : children) {
    ProcessResult result = child->wait();
    EXPECT_EXIT_STATUS(result, 0);
    if (contains(result.err, "upgrading base -> 0003_after_nap")) ++did_the_work;
  }
  EXPECT_EQ(did_the_work, 1);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants", "0002_nap", "0003_after_nap"}));
}

TEST_F(MigratorCliTest, KilledMidUpgradeTheNextRunFinishesWithConsistentHistory) {
  Subprocess child({STRATA_TEST_MIGRATOR, "upgrade", "head", "--url", url_},
                   environment_for("sleepy", {{"PGOPTIONS", "-c strata_test.nap=60 -c client_connection_check_interval=100"}}));
  // Wait until the child's session is inside 0002_nap's pg_sleep.
  pqxx::connection watcher(url_);
  bool sleeping = false;
  for (int attempt = 0; attempt < 200 && !sleeping; ++attempt) {
    pqxx::nontransaction tx(watcher);
    sleeping = tx.exec("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'")
                   .size() == 1;
    if (!sleeping) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(sleeping) << "the child never reached pg_sleep";
  child.kill(SIGKILL);
  ProcessResult killed = child.wait();
  EXPECT_EQ(killed.term_signal, SIGKILL);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));

  auto started = std::chrono::steady_clock::now();
  ProcessResult next = run({"upgrade", "head"}, "sleepy");
  EXPECT_EXIT_STATUS(next, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_TRUE(contains(next.err, "upgrading 0001_tenants -> 0003_after_nap (2 revisions)")) << next.err;
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants", "0002_nap", "0003_after_nap"}));
  EXPECT_TRUE(exists("public.naps"));
}

// Issue 13: the migrator killed (SIGKILL; with client_connection_check_interval its session ends
// with it) in the middle of a concurrent index build, then between a check's NOT VALID and its
// VALIDATE: each rerun completes, leaving no INVALID index, no unvalidated constraint, every row.
TEST_F(MigratorCliTest, KilledInsideOnlinePartsTheRerunCompletes) {
  EXPECT_EXIT_STATUS(run({"upgrade", "0001_accounts"}, "online"), 0);

  // A writer's open transaction: the concurrent build waits for it, and is killed waiting.
  pqxx::connection writer(url_);
  auto writing = std::make_unique<pqxx::work>(writer);
  writing->exec("INSERT INTO public.accounts VALUES (4, 'late', NULL)");
  ASSERT_NO_FATAL_FAILURE(kill_when("online", {"upgrade", "head", "--lock-timeout", "60s"}, "",
                                    "query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'"));
  writing->commit();
  writing.reset();
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "1");  // what the killed build left
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_accounts"}));

  // The rerun rebuilds the index, commits the check NOT VALID, and is killed before VALIDATE.
  ASSERT_NO_FATAL_FAILURE(
      kill_when("online", {"upgrade", "head"}, "-c strata_test.nap=60", "query LIKE 'SELECT pg_sleep%' AND state = 'active'"));
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_EQ(scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'ck_accounts_id'"), "f");

  ProcessResult rerun = run({"upgrade", "head"}, "online");
  EXPECT_EXIT_STATUS(rerun, 0);
  EXPECT_TRUE(contains(rerun.err, "resuming after part 1")) << rerun.err;
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_accounts", "0002_index", "0003_check"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"), "0");
  EXPECT_EQ(scalar("SELECT string_agg(coalesce(name, '∅'), '|' ORDER BY id) FROM public.accounts WHERE id <> 3"),
            "∅|Zoë ✓ 名前|late");
  EXPECT_EQ(scalar("SELECT length(name) FROM public.accounts WHERE id = 3"), "10000");
  EXPECT_EXIT_STATUS(run({"check"}, "online"), 0);
}

// Issue 13: the migrator SIGKILLed in the middle of an online backfill (a NOT NULL column with a
// volatile default on 3000 rows, batches of at most 100): the batches committed before the kill
// stay filled, no row or value is lost, the history holds the revision's first part only, and the
// rerun resumes at the backfill, fills only the rows left, and ends with the column NOT NULL.
TEST_F(MigratorCliTest, KilledMidBackfillTheRerunFillsTheRestAndKeepsEveryRow) {
  EXPECT_EXIT_STATUS(run({"upgrade", "0001_accounts"}, "backfill"), 0);
  const std::string& rows_digest_sql = kAccountsRowsDigestSql;
  const std::string& history_sql = kHistoryProgressSql;
  const std::string not_null_sql =
      "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = 'token'";
  const std::string rows_before = scalar(rows_digest_sql);
  ASSERT_EQ(rows_before.substr(0, 5), "3000 ");

  // The batch that reaches row 1500 stops there: the test's trigger (dropped before the rerun)
  // waits for an advisory lock the test holds. So when the migrator is killed, the batches before
  // it have committed and none after it has run, however fast or slow the machine is.
  exec(R"(CREATE FUNCTION public.stall_at_row_1500() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id = 1500 THEN PERFORM pg_advisory_xact_lock_shared(1500); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stall_at_row_1500 BEFORE UPDATE ON public.accounts
FOR EACH ROW EXECUTE FUNCTION public.stall_at_row_1500())");
  pqxx::connection holder(url_);
  pqxx::nontransaction(holder).exec("SELECT pg_advisory_lock(1500)");
  ASSERT_NO_FATAL_FAILURE(kill_when("backfill", {"upgrade", "head", "--batch-size", "100", "--lock-timeout", "60s"}, "",
                                    "query LIKE 'UPDATE \"public\".\"accounts\" SET \"token\" = DEFAULT%' "
                                    "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"));
  pqxx::nontransaction(holder).exec("SELECT pg_advisory_unlock(1500)");
  exec("DROP TRIGGER stall_at_row_1500 ON public.accounts; DROP FUNCTION public.stall_at_row_1500()");

  // What the kill left: part 1 (the nullable column and its default) committed and recorded,
  // some batches committed, row 1500's batch rolled back, every row and name as it was.
  const std::int64_t filled = std::stoll(scalar("SELECT count(token) FROM public.accounts"));
  ASSERT_GT(filled, 0);
  EXPECT_LT(filled, 1500);
  EXPECT_EQ(scalar("SELECT token IS NULL FROM public.accounts WHERE id = 1500"), "t");
  EXPECT_EQ(scalar(rows_digest_sql), rows_before);
  EXPECT_EQ(scalar(history_sql), "0001_accounts@whole,0002_account_token@1");
  EXPECT_EQ(scalar(not_null_sql), "f");
  EXPECT_EXIT_STATUS(run({"check"}, "backfill"), 1);
  // The rows the killed run filled, and a digest of their tokens: the rerun must not refill them.
  const std::string filled_ids = scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM public.accounts WHERE token IS NOT NULL");
  const std::string filled_tokens_sql =
      "SELECT md5(string_agg(id || ':' || token, ',' ORDER BY id)) FROM public.accounts WHERE id IN (" + filled_ids + ")";
  const std::string filled_tokens = scalar(filled_tokens_sql);

  ProcessResult rerun = run({"upgrade", "head", "--batch-size", "100"}, "backfill");
  EXPECT_EXIT_STATUS(rerun, 0);
  EXPECT_TRUE(contains(rerun.err, "resuming after part 1")) << rerun.err;
  const std::string left = std::to_string(3000 - filled);
  EXPECT_TRUE(contains(rerun.err, "backfill: " + left + "/" + left + " rows")) << rerun.err;
  EXPECT_EQ(scalar(history_sql), "0001_accounts@whole,0002_account_token@whole");
  // Every row filled, each with a value of its own (the default is volatile), the ones filled
  // before the kill unchanged; no row lost, no name changed.
  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(token) || ' ' || count(DISTINCT token) FROM public.accounts"),
            "3000 3000 3000");
  EXPECT_EQ(scalar(filled_tokens_sql), filled_tokens);
  EXPECT_EQ(scalar(rows_digest_sql), rows_before);
  EXPECT_EQ(scalar("SELECT string_agg(coalesce(name, '∅'), '|' ORDER BY id) FROM public.accounts "
                   "WHERE id IN (1, 2, 7, 1500, 2996, 2998, 3000)"),
            "account 1|Zoë ✓ 名前|∅|account 1500|∅|Zoë ✓ 名前|account 3000");
  EXPECT_EQ(scalar("SELECT string_agg(length(name) || ':' || (name = repeat('x', 10000)), ',' ORDER BY id) "
                   "FROM public.accounts WHERE id IN (3, 2999)"),
            "10000:true,10000:true");
  // The column is NOT NULL, the helper check is gone, and `check` finds the schema at head.
  EXPECT_EQ(scalar(not_null_sql), "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.accounts'::regclass AND contype = 'c'"),
            "0");
  EXPECT_THROW(exec("INSERT INTO public.accounts (id, name, token) VALUES (3001, 'late', NULL)"),
               pqxx::not_null_violation);
  ProcessResult check = run({"check"}, "backfill");
  EXPECT_EXIT_STATUS(check, 0);
}

// Issue 11, finding 5: a damaged history table is a history problem (exit 5) named as such, for
// every verb, never "a migration failed" (exit 4) with libpq's raw text.
TEST_F(MigratorCliTest, DamagedHistoryTableExitsFiveNamingTheTable) {
  struct Damage {
    std::string sql;
    std::string says;
  };
  const std::vector<Damage> damages = {
      {"ALTER TABLE public.strata_history DROP COLUMN checksum", "column \"checksum\" is missing"},
      {"ALTER TABLE public.strata_history RENAME COLUMN duration_ms TO took_ms", "column \"duration_ms\" is missing"},
      {"ALTER TABLE public.strata_history ALTER COLUMN duration_ms TYPE text", "column \"duration_ms\" is text, expected integer"},
      {"ALTER TABLE public.strata_history ALTER COLUMN checksum DROP NOT NULL; "
       "UPDATE public.strata_history SET checksum = NULL WHERE revision = '0002_audit_events'",
       "column \"checksum\" is NULL in the row of revision 0002_audit_events"},
  };
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  for (const Damage& damage : damages) {
    exec("DROP TABLE public.strata_history");
    ASSERT_EQ(run({"stamp", "head"}).exit_code, 0);  // a sound history again
    exec(damage.sql);
    for (const std::vector<std::string>& verb : std::vector<std::vector<std::string>>{
             {"current"}, {"check"}, {"status"}, {"history", "--verbose"}, {"upgrade"}, {"downgrade", "-1"}, {"stamp", "head"}}) {
      ProcessResult result = run(verb);
      SCOPED_TRACE(damage.sql + " / " + verb.front());
      EXPECT_EXIT_STATUS(result, 5);
      EXPECT_TRUE(contains(result.err, "the history table \"public\".\"strata_history\" is damaged: " + damage.says))
          << result.err;
    }
  }
}

TEST_F(MigratorCliTest, HistoryTableWithoutPrivilegeExitsFive) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec("DROP ROLE IF EXISTS strata_reader; CREATE ROLE strata_reader LOGIN");
  std::string reader_url = url_;
  reader_url.replace(reader_url.find("postgres@"), 9, "strata_reader@");
  for (const char* verb : {"current", "check", "status", "upgrade", "stamp"}) {
    std::vector<std::string> args{"--url", reader_url, verb};
    if (std::string(verb) == "stamp") args.push_back("head");
    ProcessResult result = migrator(args);
    SCOPED_TRACE(verb);
    EXPECT_EXIT_STATUS(result, 5);
    EXPECT_TRUE(contains(result.err, "no SELECT privilege on the history table \"public\".\"strata_history\" for role strata_reader"))
        << result.err;
  }
  exec("GRANT SELECT ON public.strata_history TO strata_reader");
  EXPECT_EXIT_STATUS(migrator({"--url", reader_url, "current"}), 0);
  ProcessResult writing = migrator({"--url", reader_url, "stamp", "0001"});
  EXPECT_EXIT_STATUS(writing, 5);
  EXPECT_TRUE(contains(writing.err, "no INSERT privilege on the history table")) << writing.err;
  exec("DROP OWNED BY strata_reader; DROP ROLE strata_reader");
}

TEST_F(MigratorCliTest, EmptiedOrDroppedHistoryOnAnExistingSchemaRefusesToUpgrade) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  for (const char* damage : {"DELETE FROM public.strata_history", "DROP TABLE public.strata_history"}) {
    exec(damage);
    ProcessResult result = run({"upgrade"});
    SCOPED_TRACE(damage);
    EXPECT_EXIT_STATUS(result, 5);
    EXPECT_TRUE(contains(result.err, "the history table \"public\".\"strata_history\" is empty or missing")) << result.err;
    EXPECT_TRUE(contains(result.err, "upgrading would run 0001_tenants again")) << result.err;
    EXPECT_TRUE(contains(result.err, "`migrator stamp REV`")) << result.err;
    EXPECT_TRUE(contains(result.err, "`migrator adopt`")) << result.err;
    EXPECT_FALSE(contains(result.err, "already exists")) << result.err;
  }
  EXPECT_EXIT_STATUS(run({"stamp", "head"}), 0);
  ProcessResult after = run({"upgrade"});
  EXPECT_EXIT_STATUS(after, 0);
  EXPECT_TRUE(contains(after.err, "already at 0004_tenant_region_index (head)")) << after.err;
}

// Finding 6: --lock-wait bounds the wait for an orphaned session's advisory lock.
TEST_F(MigratorCliTest, LockWaitGivesUpNamingTheHolder) {
  pqxx::connection orphan(url_ + "?application_name=orphaned_session");
  pqxx::nontransaction(orphan).exec_params("SELECT pg_advisory_lock($1)", strata::advisory_lock_key("strata_test"));
  const std::string holder_pid = std::to_string(orphan.backendpid());

  auto started = std::chrono::steady_clock::now();
  ProcessResult bounded = run({"upgrade", "--lock-wait", "1500ms"});
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EXIT_STATUS(bounded, 4);
  EXPECT_GE(waited, std::chrono::milliseconds(1400));
  EXPECT_LT(waited, std::chrono::seconds(8));
  EXPECT_TRUE(contains(bounded.err, "gave up after 1500 ms (--lock-wait) waiting for the migration lock")) << bounded.err;
  EXPECT_TRUE(contains(bounded.err, "held by pid " + holder_pid + " (application_name 'orphaned_session'")) << bounded.err;
  EXPECT_TRUE(history_ids().empty());

  // Without --lock-wait it waits, naming the holder, and goes on once the lock is free.
  Subprocess waiting({STRATA_TEST_MIGRATOR, "upgrade", "--url", url_}, environment_for("two_schema"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  pqxx::nontransaction(orphan).exec_params("SELECT pg_advisory_unlock($1)", strata::advisory_lock_key("strata_test"));
  ProcessResult waited_out = waiting.wait();
  EXPECT_EXIT_STATUS(waited_out, 0);
  EXPECT_TRUE(contains(waited_out.err, "waiting for the migration lock of strata_test")) << waited_out.err;
  EXPECT_TRUE(contains(waited_out.err, "held by pid " + holder_pid)) << waited_out.err;
  EXPECT_EQ(history_ids().size(), 4u);
}

// Finding 8: usage errors exit 2 and say what was wrong.
TEST_F(MigratorCliTest, OutOfRangeDurationsAndUnknownCommandsAreUsageErrors) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--lock-timeout", "99999999999s", "upgrade"},
           {"--statement-timeout", "30d", "upgrade"},
           {"--lock-timeout", "2147483648", "current"},
           {"--lock-wait", "soon", "upgrade"},
           {"--lock-wait", "100000h", "upgrade"}}) {
    ProcessResult result = run(args);
    EXPECT_EXIT_STATUS(result, 2);
    EXPECT_TRUE(contains(result.err, args[0] + ": invalid duration '" + args[1] + "'")) << result.err;
  }
  EXPECT_TRUE(history_ids().empty());
  EXPECT_EXIT_STATUS(run({"--lock-timeout", "2147483647", "upgrade"}), 0);  // the largest PostgreSQL takes

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"frobnicate"}, {"--url", "postgresql://x/y", "frobnicate", "--sql"}, {"--lock-timeout", "5s", "frobnicate"}}) {
    ProcessResult result = migrator(args);
    EXPECT_EXIT_STATUS(result, 2);
    EXPECT_TRUE(contains(result.err, "migrator: error: unknown command 'frobnicate' (commands: upgrade, downgrade,"))
        << result.err;
  }
}

// Finding 7: two migration sets in one database, each with its own history table and lock.
TEST_F(MigratorCliTest, TwoMigrationSetsShareOneDatabase) {
  EXPECT_EXIT_STATUS(run({"upgrade"}), 0);
  ProcessResult billing = run({"upgrade"}, "billing");
  EXPECT_EXIT_STATUS(billing, 0);
  EXPECT_TRUE(contains(billing.err, "upgrading base -> 0002_invoice_total (2 revisions)")) << billing.err;
  EXPECT_TRUE(exists("billing_meta.strata_history"));
  EXPECT_EQ(history_ids().size(), 4u);  // two_schema's own table, untouched by billing

  EXPECT_EQ(run({"current"}).out, "0004_tenant_region_index (head)\n");
  EXPECT_EQ(run({"current"}, "billing").out, "0002_invoice_total (head)\n");
  // Each set's check sees only its own tables, and neither history table as drift.
  ProcessResult check_a = run({"check"});
  EXPECT_EXIT_STATUS(check_a, 0);
  ProcessResult check_b = run({"check"}, "billing");
  EXPECT_EXIT_STATUS(check_b, 0);
  EXPECT_EQ(check_b.out, "");

  EXPECT_EXIT_STATUS(run({"downgrade", "base"}, "billing"), 0);
  EXPECT_FALSE(exists("public.invoices"));
  EXPECT_EQ(run({"current"}).out, "0004_tenant_region_index (head)\n");

  // --sql writes the set's own table.
  ProcessResult script = migrator({"upgrade", "--sql"}, "billing");
  EXPECT_EXIT_STATUS(script, 0);
  EXPECT_TRUE(contains(script.out, "CREATE SCHEMA IF NOT EXISTS \"billing_meta\";\nCREATE TABLE IF NOT EXISTS "
                                   "\"billing_meta\".\"strata_history\"")) << script.out;
  EXPECT_TRUE(contains(script.out, "INSERT INTO \"billing_meta\".\"strata_history\"")) << script.out;
  EXPECT_FALSE(contains(script.out, "\"public\".\"strata_history\"")) << script.out;
  EXPECT_TRUE(contains(script.out, std::to_string(strata::advisory_lock_key("billing")))) << script.out;

  // The locks are per set: billing runs while two_schema's lock is held.
  pqxx::connection holder(url_);
  pqxx::nontransaction(holder).exec_params("SELECT pg_advisory_lock($1)", strata::advisory_lock_key("strata_test"));
  EXPECT_EXIT_STATUS(run({"upgrade", "--lock-wait", "2s"}, "billing"), 0);
  EXPECT_EXIT_STATUS(run({"upgrade", "--lock-wait", "100ms"}), 4);
}

// Finding 8: after a server crash (here: the migrator's backend SIGKILLed, so the postmaster
// restarts every session), the message says what the server says, not only libpqxx's "Could not
// obtain client encoding" (libpqxx 6.4 has closed the PGconn, and libpq's reason with it).
TEST_F(MigratorCliTest, ServerCrashSaysWhatTheServerSays) {
  if (PgCluster::shared().external()) GTEST_SKIP() << "would crash a server this test does not own";
  Subprocess child({STRATA_TEST_MIGRATOR, "upgrade", "--url", url_},
                   environment_for("sleepy", {{"PGOPTIONS", "-c strata_test.nap=30"}}));
  int backend = 0;
  {
    pqxx::connection watcher(url_);
    for (int attempt = 0; attempt < 200 && backend == 0; ++attempt) {
      pqxx::nontransaction tx(watcher);
      pqxx::result sleeping = tx.exec("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'");
      if (!sleeping.empty()) backend = sleeping[0][0].as<int>();
      if (backend == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_NE(backend, 0) << "the child never reached pg_sleep";
  ASSERT_EQ(::kill(backend, SIGKILL), 0);
  ProcessResult crashed = child.wait();
  EXPECT_EXIT_STATUS(crashed, 3);
  // 0002_nap's two statements and its history write went as one message: which one ran is not known.
  EXPECT_TRUE(contains(crashed.err, "lost the connection to the database while running 0002_nap.up.sql (lines 1-2, one "
                                    "message): "))
      << crashed.err;
  // Mid-restart libpq says "server closed the connection unexpectedly" or "the database system is
  // in recovery mode"; once recovered, that the server accepts connections again.
  EXPECT_TRUE(contains(crashed.err, "\n  the server now says: connection to server at ") ||
              contains(crashed.err, "\n  the server accepts connections again"))
      << crashed.err;
  // The server restarts after the crash: wait for it so that TearDown can drop the database.
  for (int attempt = 0; attempt < 300; ++attempt) {
    try {
      pqxx::connection probe(url_);
      break;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

TEST_F(MigratorCliTest, ShowPrintsARevisionAndWhetherItIsApplied) {
  ASSERT_EQ(run({"upgrade", "0002"}).exit_code, 0);
  ProcessResult applied = run({"show", "0002"});
  EXPECT_EXIT_STATUS(applied, 0);
  EXPECT_TRUE(contains(applied.out, "Rev: 0002_audit_events\nParent: 0001_tenants\nCreated: ")) << applied.out;
  EXPECT_TRUE(contains(applied.out, "\nChecksum: ")) << applied.out;
  EXPECT_TRUE(contains(applied.out, "\nApplied: 20")) << applied.out;  // its date
  EXPECT_TRUE(contains(applied.out, "\n    audit events\n")) << applied.out;
  EXPECT_TRUE(contains(applied.out, "-- up SQL\nCREATE SCHEMA \"audit\";")) << applied.out;
  EXPECT_TRUE(contains(applied.out, "-- down SQL\nDROP TABLE \"audit\".\"events\";")) << applied.out;

  ProcessResult unapplied = run({"show", "head"});
  EXPECT_EXIT_STATUS(unapplied, 0);
  EXPECT_TRUE(contains(unapplied.out, "Rev: 0004_tenant_region_index (head)\n")) << unapplied.out;
  EXPECT_TRUE(contains(unapplied.out, "\nApplied: no\n")) << unapplied.out;

  // No database: it says so, hides the password and still prints the rest.
  ProcessResult offline = migrator({"--url", "postgresql://u:s3cretpw@127.0.0.1:1/nowhere?connect_timeout=5", "show", "0003"});
  EXPECT_EXIT_STATUS(offline, 0);
  EXPECT_TRUE(contains(offline.out, "Applied: unknown, no database reachable (cannot connect to ")) << offline.out;
  EXPECT_TRUE(contains(offline.out, "-- up SQL\nALTER TABLE \"public\".\"tenants\" ADD COLUMN \"region\" text;")) << offline.out;
  EXPECT_FALSE(contains(offline.out + offline.err, "s3cretpw"));

  // A revision edited after it ran: the recorded checksum too (history --verbose prints the same).
  exec(R"(UPDATE "public"."strata_history" SET "checksum" = 'c0ffee' WHERE "revision" = '0002_audit_events')");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", "0002"}, {"history", "--verbose"}}) {
    ProcessResult edited = run(args);
    EXPECT_TRUE(contains(edited.out, "\nRecorded checksum: c0ffee (differs: edited after it ran)\n")) << edited.out;
  }

  EXPECT_EXIT_STATUS(run({"show", "0009"}), 2);
  EXPECT_EXIT_STATUS(run({"show", "base"}), 2);
}

TEST_F(MigratorCliTest, StampSqlThroughPsqlGivesTheSameHistoryAsStamp) {
  ProcessResult script = migrator({"stamp", "0003", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_TRUE(contains(script.out, "assumes an EMPTY history")) << script.out;
  EXPECT_FALSE(contains(script.out, "ALTER TABLE \"public\".\"tenants\" ADD")) << script.out;  // no migration SQL
  const std::string path = (std::filesystem::temp_directory_path() / ("strata_stamp_" + std::to_string(getpid()) + ".sql")).string();
  { std::ofstream(path) << script.out; }
  const std::string psql = PgCluster::bin_dir() + "/psql";
  const std::vector<std::string> apply{psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", path};
  EXPECT_EXIT_STATUS(strata::test::run_process(apply), 0);

  const std::string online = another_database();
  ASSERT_EQ(migrator({"stamp", "0003", "--url", online}).exit_code, 0);
  auto rows = [](const std::string& url) {
    pqxx::connection connection(url);
    pqxx::read_transaction tx(connection);
    std::vector<std::string> out;
    for (const strata::HistoryRow& row : strata::read_history(tx, strata::HistoryTable{}))
      out.push_back(row.revision + " " + row.parent.value_or("-") + " " + row.checksum + " " + std::to_string(row.duration_ms));
    return out;
  };
  EXPECT_EQ(rows(url_).size(), 3u);
  EXPECT_EQ(rows(url_), rows(online));
  EXPECT_FALSE(exists("public.tenants"));
  EXPECT_EXIT_STATUS(run({"current"}), 0);
  EXPECT_EQ(run({"current"}).out, "0003_tenant_region\n");

  // On a history that is not empty it stops and changes nothing.
  EXPECT_NE(strata::test::run_process(apply).exit_code, 0);
  EXPECT_EQ(rows(url_).size(), 3u);
  std::filesystem::remove(path);
}

TEST_F(MigratorCliTest, AdoptStampsHeadOnAMatchingSchemaWithoutHistory) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(DROP TABLE "public"."strata_history")");
  ProcessResult adopt = run({"adopt"});
  EXPECT_EXIT_STATUS(adopt, 0);
  EXPECT_TRUE(contains(adopt.err, "stamped 0004_tenant_region_index (head)")) << adopt.err;
  EXPECT_EQ(history_ids().size(), 4u);
  EXPECT_EXIT_STATUS(run({"check"}), 0);

  // Strata history present: refused.
  ProcessResult again = run({"adopt"});
  EXPECT_EXIT_STATUS(again, 5);
  EXPECT_TRUE(contains(again.err, "already has Strata history")) << again.err;
}

TEST_F(MigratorCliTest, AdoptOfADifferentSchemaPrintsTheSqlAndChangesNothing) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(DROP TABLE "public"."strata_history";
          CREATE TABLE "public"."alembic_version" (version_num varchar(32) PRIMARY KEY);
          INSERT INTO "public"."alembic_version" VALUES ('a1b2c3d4e5f6');
          ALTER TABLE "public"."tenants" ADD COLUMN "shadow" integer;
          ALTER TABLE "audit"."events" ALTER COLUMN "kind" TYPE varchar(40))");
  ProcessResult adopt = run({"adopt", "--drop-alembic-version"});
  EXPECT_EXIT_STATUS(adopt, 1);
  EXPECT_TRUE(contains(adopt.out, "\"shadow\"")) << adopt.out;
  EXPECT_TRUE(contains(adopt.out, "\"kind\"")) << adopt.out;
  EXPECT_TRUE(contains(adopt.err, "nothing was changed")) << adopt.err;
  EXPECT_FALSE(exists("public.strata_history"));
  EXPECT_TRUE(exists("public.alembic_version"));
}

TEST_F(MigratorCliTest, AdoptOfADatabaseWithAnExtraTablePrintsItsDropAndChangesNothing) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(DROP TABLE "public"."strata_history";
          CREATE TABLE "public"."alembic_version" (version_num varchar(32) PRIMARY KEY);
          INSERT INTO "public"."alembic_version" VALUES ('a1b2c3d4e5f6');
          CREATE TABLE "audit"."leftover" (id integer, note text);
          INSERT INTO "audit"."leftover" VALUES (1, NULL), (2, 'Zoë ☃'))");
  ProcessResult adopt = run({"adopt", "--drop-alembic-version"});
  EXPECT_EXIT_STATUS(adopt, 1);
  EXPECT_TRUE(contains(adopt.out, R"(DROP TABLE "audit"."leftover")")) << adopt.out;
  EXPECT_FALSE(contains(adopt.out, "alembic_version")) << adopt.out;
  EXPECT_TRUE(contains(adopt.err, "nothing was changed")) << adopt.err;
  {
    pqxx::connection connection(url_);
    pqxx::nontransaction tx(connection);
    EXPECT_EQ(tx.exec("SELECT count(*) FROM audit.leftover")[0][0].as<int>(), 2);
  }
  EXPECT_TRUE(exists("public.alembic_version"));
  EXPECT_FALSE(exists("public.strata_history"));
}

// env.py with version_table = "my_versions": the option names it; without it, it is a table the
// models do not have.
TEST_F(MigratorCliTest, AdoptHonoursAnotherAlembicVersionTable) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(DROP TABLE "public"."strata_history";
          CREATE TABLE "public"."my_versions" (version_num varchar(32) PRIMARY KEY);
          INSERT INTO "public"."my_versions" VALUES ('0badc0ffee00'))");
  ProcessResult plain = run({"adopt", "--drop-alembic-version"});
  EXPECT_EXIT_STATUS(plain, 1);
  EXPECT_TRUE(contains(plain.out, R"(DROP TABLE "public"."my_versions")")) << plain.out;
  ProcessResult adopt = run({"adopt", "--drop-alembic-version", "--alembic-version-table", "public.my_versions"});
  EXPECT_EXIT_STATUS(adopt, 0);
  EXPECT_TRUE(contains(adopt.err, "found public.my_versions (Alembic revision 0badc0ffee00)")) << adopt.err;
  EXPECT_TRUE(contains(adopt.err, "dropped public.my_versions")) << adopt.err;
  EXPECT_FALSE(exists("public.my_versions"));
  EXPECT_EQ(history_ids().size(), 4u);
}

TEST_F(MigratorCliTest, AdoptAnAlembicDatabaseDropsAlembicVersionWithTheStamp) {
  ASSERT_EQ(run({"upgrade"}).exit_code, 0);
  exec(R"(DROP TABLE "public"."strata_history";
          CREATE TABLE "public"."alembic_version" (version_num varchar(32) PRIMARY KEY);
          INSERT INTO "public"."alembic_version" VALUES ('a1b2c3d4e5f6'))");
  ProcessResult adopt = run({"adopt", "--drop-alembic-version"});
  EXPECT_EXIT_STATUS(adopt, 0);
  EXPECT_TRUE(contains(adopt.err, "found alembic_version (Alembic revision a1b2c3d4e5f6)")) << adopt.err;
  EXPECT_TRUE(contains(adopt.err, "dropped alembic_version")) << adopt.err;
  EXPECT_FALSE(exists("public.alembic_version"));
  EXPECT_EQ(history_ids().size(), 4u);
  EXPECT_EQ(run({"current"}).out, "0004_tenant_region_index (head)\n");
}

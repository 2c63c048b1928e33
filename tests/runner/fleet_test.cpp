// Fleet runs of the migrator (`--targets FILE`), as a real subprocess (the test migrator) on
// several databases of a real throwaway PostgreSQL: all upgraded, an unreachable target, a failing
// canary, a killed run, a malformed file, --json, and no password in any output.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "runner/history_table.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/temp_dir.hpp"

#ifndef STRATA_TEST_MIGRATOR
#error "STRATA_TEST_MIGRATOR must name the test migrator executable"
#endif

namespace {

using strata::test::PgCluster;
using strata::test::ProcessResult;
using strata::test::Subprocess;
using strata::test::contains;

// Trust auth ignores it, but every target's URL carries it: no output may show it.
constexpr const char* kPassword = "Flt7731Pw";
constexpr const char* kHead = "0004_tenant_region_index";


#define EXPECT_EXIT_STATUS(result, status) \
  EXPECT_EQ((result).exit_code, status) << "stdout:\n" << (result).out << "\nstderr:\n" << (result).err

class FleetTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& url : databases_) PgCluster::shared().drop_database(url);
  }

  // A fresh database; returns its URL with the password added.
  std::string database() {
    const std::string url = databases_.emplace_back(PgCluster::shared().create_database());
    return with_password(url);
  }
  static std::string with_password(std::string url) {
    const std::string user = "postgresql://postgres@";
    EXPECT_EQ(url.rfind(user, 0), 0u) << "an external server's URL: the test adds its own password";
    return url.replace(0, user.size(), "postgresql://postgres:" + std::string(kPassword) + "@");
  }
  static std::string name_of(const std::string& url) { return url.substr(url.rfind('/') + 1); }

  std::string targets_file(const std::string& text) {
    const std::string path = (dir_.path() / ("targets" + std::to_string(++files_) + ".txt")).string();
    std::ofstream(path) << text;
    return path;
  }

  ProcessResult migrator(std::vector<std::string> args, const std::string& registry = "two_schema") {
    args.insert(args.begin(), STRATA_TEST_MIGRATOR);
    ProcessResult result = strata::test::run_process(
        args, {{"STRATA_TEST_REGISTRY", registry}, {"STRATA_TEST_MIGRATOR_URL", Subprocess::kUnset},
               {"PGOPTIONS", Subprocess::kUnset}});
    EXPECT_FALSE(contains(result.out + result.err, kPassword)) << result.out << result.err;
    return result;
  }

  static std::vector<std::string> history_ids(const std::string& url) {
    pqxx::connection connection(url);
    pqxx::read_transaction tx(connection);
    std::vector<std::string> ids;
    for (const strata::HistoryRow& row : strata::read_history(tx, strata::HistoryTable{})) ids.push_back(row.revision);
    return ids;
  }
  static bool has_table(const std::string& url, const std::string& qualified) {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", qualified)[0][0].as<bool>();
  }
  static void exec(const std::string& url, const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
  }

  const std::vector<std::string> kAll{"0001_tenants", "0002_audit_events", "0003_tenant_region", kHead};
  strata::testing::TempDir dir_{"strata_fleet"};
  std::vector<std::string> databases_;
  int files_ = 0;
};

TEST_F(FleetTest, UpgradesEveryTargetAndARerunIsANoOp) {
  const std::string a = database(), b = database(), c = database(), d = database();
  const std::string file = targets_file("# four tenants\n\ntenant_a " + a + "\ntenant_b " + b + "\n" + c +
                                        "\n  # c is named by its host, port, dbname and user\ntenant_d " + d + "\n");
  ProcessResult up = migrator({"upgrade", "--targets", file, "--parallel", "3"});
  EXPECT_EXIT_STATUS(up, 0);
  for (const std::string& url : {a, b, c, d}) EXPECT_EQ(history_ids(url), kAll) << url;
  EXPECT_TRUE(contains(up.err, "] tenant_a: base -> " + std::string(kHead) + ", upgraded, ")) << up.err;
  EXPECT_TRUE(contains(up.err, "[4/4] ")) << up.err;
  const std::string c_name = "host=127.0.0.1 port=" + std::to_string(PgCluster::shared().port()) + " dbname=" +
                             name_of(c) + " user=postgres";
  EXPECT_TRUE(contains(up.err, "] " + c_name + ": base -> ")) << up.err;
  EXPECT_TRUE(contains(up.out, "TARGET")) << up.out;
  EXPECT_TRUE(contains(up.out, "RESULT")) << up.out;
  EXPECT_EQ(std::count(up.out.begin(), up.out.end(), '\n'), 5) << up.out;
  EXPECT_TRUE(contains(up.out, "tenant_d  ")) << up.out;
  EXPECT_TRUE(contains(up.out, "  upgraded  ")) << up.out;

  ProcessResult again = migrator({"upgrade", "head", "--targets", file, "--parallel", "2"});
  EXPECT_EXIT_STATUS(again, 0);
  EXPECT_TRUE(contains(again.err, "tenant_b: " + std::string(kHead) + " -> " + kHead + ", up to date, ")) << again.err;
  EXPECT_FALSE(contains(again.out, "upgraded")) << again.out;

  for (const char* command : {"status", "current", "check"}) {
    ProcessResult read = migrator({command, "--targets", file});
    EXPECT_EXIT_STATUS(read, 0) << command;
  }
}

TEST_F(FleetTest, UnreachableTargetExits3TheOthersAreDoneAndARerunFinishes) {
  const std::string a = database(), c = database();
  // A database that does not exist yet: the server refuses the connection.
  const std::string late_name = name_of(a) + "_late";
  const std::string late = a.substr(0, a.rfind('/') + 1) + late_name;
  const std::string file = targets_file("a " + a + "\nlate " + late + "\nc " + c + "\n");
  ProcessResult up = migrator({"upgrade", "--targets", file, "--continue-on-error"});
  EXPECT_EXIT_STATUS(up, 3);
  EXPECT_EQ(history_ids(a), kAll);
  EXPECT_EQ(history_ids(c), kAll);
  EXPECT_TRUE(contains(up.err, "late: ? -> ?, cannot connect, ")) << up.err;
  EXPECT_TRUE(contains(up.err, "does not exist")) << up.err;
  EXPECT_EXIT_STATUS(migrator({"check", "--targets", file}), 3);

  // Without --continue-on-error the failure stops the starting of new targets.
  const std::string d = database();
  ProcessResult stopped = migrator({"upgrade", "--targets", targets_file("late " + late + "\nd " + d + "\n")});
  EXPECT_EXIT_STATUS(stopped, 3);
  EXPECT_TRUE(contains(stopped.out, "not started")) << stopped.out;
  EXPECT_FALSE(has_table(d, "public.tenants"));

  exec(PgCluster::shared().url(), "CREATE DATABASE \"" + late_name + "\"");
  databases_.push_back(PgCluster::shared().url(late_name));
  ProcessResult rerun = migrator({"upgrade", "--targets", file, "--parallel", "2"});
  EXPECT_EXIT_STATUS(rerun, 0);
  EXPECT_EQ(history_ids(late), kAll);
  EXPECT_TRUE(contains(rerun.err, "late: base -> " + std::string(kHead) + ", upgraded")) << rerun.err;
  EXPECT_TRUE(contains(rerun.err, "a: " + std::string(kHead) + " -> " + kHead + ", up to date")) << rerun.err;
}

TEST_F(FleetTest, FailingCanaryLeavesTheOthersUntouched) {
  const std::string canary = database(), b = database(), c = database();
  // The name 0001_tenants gives its primary key's index is taken: the first revision fails there.
  exec(canary, "CREATE TABLE public.pk_tenants (id integer)");
  const std::string file = targets_file("canary " + canary + "\nb " + b + "\nc " + c + "\n");
  ProcessResult up = migrator({"upgrade", "--targets", file, "--canary", "1", "--parallel", "2", "--continue-on-error"});
  EXPECT_EXIT_STATUS(up, 4);
  EXPECT_TRUE(contains(up.err, "canary: base -> base, failed, ")) << up.err;
  EXPECT_TRUE(contains(up.err, "0001_tenants.up.sql")) << up.err;
  EXPECT_TRUE(contains(up.err, "pk_tenants")) << up.err;
  for (const std::string& url : {canary, b, c}) EXPECT_FALSE(has_table(url, "public.tenants")) << url;
  for (const std::string& url : {b, c}) EXPECT_FALSE(has_table(url, "public.strata_history")) << url;
  EXPECT_EQ(std::count(up.out.begin(), up.out.end(), '\n'), 4) << up.out;
  EXPECT_TRUE(contains(up.out, "not started")) << up.out;

  // Canaries that pass: the others follow.
  exec(canary, "DROP TABLE public.pk_tenants");
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--targets", file, "--canary", "2", "--parallel", "2"}), 0);
  for (const std::string& url : {canary, b, c}) EXPECT_EQ(history_ids(url), kAll) << url;
}

TEST_F(FleetTest, AKilledRunIsCompletedByTheRerun) {
  const std::vector<std::string> urls{database(), database(), database()};
  std::string text;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    text += "t" + std::to_string(i) + " " + urls[i] + "\n";
    // 0002_nap sleeps this long: the run is killed while every target is inside it.
    exec(PgCluster::shared().url(), "ALTER DATABASE \"" + name_of(urls[i]) + "\" SET strata_test.nap = '2'");
  }
  const std::string file = targets_file(text);
  std::vector<std::string> argv{STRATA_TEST_MIGRATOR, "upgrade", "--targets", file, "--parallel", "3"};
  Subprocess run(argv, {{"STRATA_TEST_REGISTRY", "sleepy"}, {"PGOPTIONS", Subprocess::kUnset}});
  pqxx::connection observer(PgCluster::shared().url());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int napping = 0;
  while (napping < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pqxx::nontransaction tx(observer);
    napping = tx.exec("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'")[0][0].as<int>();
  }
  ASSERT_EQ(napping, 3);
  run.kill(SIGKILL);
  EXPECT_EQ(run.wait().term_signal, SIGKILL);
  for (const std::string& url : urls) EXPECT_EQ(history_ids(url), std::vector<std::string>{"0001_tenants"});

  // The killed sessions still hold their locks until their nap ends: the rerun waits, then resumes.
  // 0002_nap went to each server as one message (its statements and history row), which the
  // server finishes as one transaction after the client is gone: the rerun goes on from it.
  ProcessResult rerun = migrator({"upgrade", "--targets", file, "--parallel", "3"}, "sleepy");
  EXPECT_EXIT_STATUS(rerun, 0);
  for (const std::string& url : urls) {
    EXPECT_EQ(history_ids(url), (std::vector<std::string>{"0001_tenants", "0002_nap", "0003_after_nap"}));
  }
  EXPECT_TRUE(contains(rerun.err, "t1: 0002_nap -> 0003_after_nap, upgraded")) << rerun.err;
}

TEST_F(FleetTest, MalformedTargetsFileExits2WithFileAndLineAndTouchesNothing) {
  const std::string a = database();
  const std::string file = targets_file("a " + a + "\n# fine so far\n" + a + " trailing\n");
  ProcessResult up = migrator({"upgrade", "--targets", file});
  EXPECT_EXIT_STATUS(up, 2);
  EXPECT_EQ(up.err, file + ":3: error: text after the URL (a line is `URL` or `NAME URL`)\n");
  EXPECT_EQ(up.out, "");
  EXPECT_FALSE(has_table(a, "public.strata_history"));

  const std::string good = targets_file("a " + a + "\n");
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--targets", good, "--url", a}), 2);
  EXPECT_EXIT_STATUS(migrator({"upgrade", "+1", "--targets", good}), 2);
  EXPECT_EXIT_STATUS(migrator({"downgrade", "base", "--targets", good}), 2);
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--url", a, "--parallel", "2"}), 2);
  EXPECT_EXIT_STATUS(migrator({"upgrade", "--targets", good, "--parallel", "0"}), 2);
  EXPECT_FALSE(has_table(a, "public.strata_history"));
}

TEST_F(FleetTest, JsonSummaryParsesAndMatches) {
  const std::string a = database(), b = database();
  const std::string file = targets_file("a " + a + "\nb " + b + "\n");
  ProcessResult up = migrator({"--json", "upgrade", "0002", "--targets", file, "--parallel", "2"});
  EXPECT_EXIT_STATUS(up, 0);
  const nlohmann::json summary = nlohmann::json::parse(up.out);
  EXPECT_EQ(summary["command"], "upgrade");
  EXPECT_EQ(summary["exit_status"], 0);
  ASSERT_EQ(summary["targets"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const nlohmann::json& target = summary["targets"][i];
    EXPECT_EQ(target["name"], i == 0 ? "a" : "b");
    EXPECT_EQ(target["started"], true);
    EXPECT_EQ(target["from"], "base");
    EXPECT_EQ(target["to"], "0002_audit_events");
    EXPECT_EQ(target["result"], "upgraded");
    EXPECT_EQ(target["status"], 0);
    EXPECT_TRUE(target["milliseconds"].is_number_integer());
    EXPECT_FALSE(target.contains("error"));
  }

  // check: b behind head, a at head but drifted.
  ASSERT_EQ(migrator({"upgrade", "--targets", targets_file("a " + a + "\n")}).exit_code, 0);
  exec(a, "ALTER TABLE public.tenants ADD COLUMN extra text");
  ProcessResult check = migrator({"check", "--targets", file, "--json"});
  EXPECT_EXIT_STATUS(check, 1);
  const nlohmann::json checked = nlohmann::json::parse(check.out);
  EXPECT_EQ(checked["exit_status"], 1);
  EXPECT_EQ(checked["targets"][0]["result"], "drifted");
  EXPECT_EQ(checked["targets"][0]["status"], 1);
  EXPECT_EQ(checked["targets"][1]["result"], "2 pending");
  EXPECT_EQ(checked["targets"][1]["to"], "0002_audit_events");
}

}  // namespace

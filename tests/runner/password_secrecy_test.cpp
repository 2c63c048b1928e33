// No output of a real migrator run shows a password: 200 generated passwords, each in every
// connection-string shape libpq reads, against a real PostgreSQL that checks them (a role with a
// SCRAM password, pg_hba.conf asking for it), on success (status, upgrade), on a wrong password
// and on an unreachable server; stdout and stderr both. And `ps` does not show --url's password.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "tests/runner/password_corpus.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/support/pg_cluster.hpp"

#ifndef STRATA_TEST_MIGRATOR
#error "STRATA_TEST_MIGRATOR must name the test migrator executable"
#endif

namespace {

using strata::test::PgCluster;
using strata::test::ProcessResult;
using strata::test::Subprocess;
using strata::test::contains;

constexpr const char* kRole = "strata_pw_user";


std::string database_of(const std::string& url) {
  std::string rest = url.substr(url.rfind('/') + 1);
  return rest.substr(0, rest.find('?'));
}

class PasswordSecrecyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgCluster::shared().external()) GTEST_SKIP() << "needs the throwaway cluster's pg_hba.conf";
    url_ = PgCluster::shared().create_database();
    pqxx::connection admin(url_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP ROLE IF EXISTS " + std::string(kRole));
    tx.exec("CREATE ROLE " + std::string(kRole) + " LOGIN");
    tx.exec("ALTER DATABASE " + tx.quote_name(database_of(url_)) + " OWNER TO " + kRole);
    // The role must prove its password over TCP; everyone else keeps trust.
    const std::filesystem::path hba = std::filesystem::path(PgCluster::shared().base_dir()) / "data" / "pg_hba.conf";
    std::ifstream in(hba);
    std::stringstream old;
    old << in.rdbuf();
    in.close();
    std::ofstream(hba, std::ios::trunc) << "host all " << kRole << " 127.0.0.1/32 scram-sha-256\n" << old.str();
    tx.exec("SELECT pg_reload_conf()");
  }
  void TearDown() override {
    if (url_.empty()) return;
    PgCluster::shared().drop_database(url_);
    pqxx::connection admin(PgCluster::shared().url());
    pqxx::nontransaction(admin).exec("DROP ROLE IF EXISTS " + std::string(kRole));
  }

  std::string url_;
};

struct StartedRun {
  std::string what;
  int expected_exit;
  std::string expected_text;
  std::unique_ptr<Subprocess> process;
};

TEST_F(PasswordSecrecyTest, NoOutputShowsAGeneratedPasswordInAnyShape) {
  const int port = PgCluster::shared().port();
  const std::string dbname = database_of(url_);
  pqxx::connection admin(url_);
  std::size_t runs = 0;
  for (const std::string& password : strata::test::generated_passwords()) {
    pqxx::nontransaction(admin).exec("ALTER ROLE " + std::string(kRole) + " PASSWORD " + admin.quote(password));
    const auto good = strata::test::conninfo_shapes(kRole, password, "127.0.0.1", port, dbname);
    const auto wrong = strata::test::conninfo_shapes(kRole, password + "!", "127.0.0.1", port, dbname);
    const auto unreachable = strata::test::conninfo_shapes(kRole, password, "127.0.0.1", 1, dbname);
    std::vector<StartedRun> batch;
    for (std::size_t i = 0; i < good.size(); ++i) {
      // Half by --url, half by the registry's environment variable.
      auto start = [&](const std::string& verb, const std::string& conninfo) {
        std::vector<std::string> argv{STRATA_TEST_MIGRATOR, verb};
        std::map<std::string, std::string> env{{"STRATA_TEST_REGISTRY", "two_schema"}, {"PGOPTIONS", Subprocess::kUnset},
                                               {"PGPASSWORD", Subprocess::kUnset}, {"PGPASSFILE", "/nonexistent"}};
        if (i % 2 == 0) {
          argv.insert(argv.end(), {"--url", conninfo});
          env["STRATA_TEST_MIGRATOR_URL"] = Subprocess::kUnset;
        } else {
          env["STRATA_TEST_MIGRATOR_URL"] = conninfo;
        }
        return std::make_unique<Subprocess>(argv, env);
      };
      const std::string where = "dbname=" + dbname + " user=" + kRole;
      batch.push_back({good[i].name + " status", 0, "database: host=127.0.0.1 port=" + std::to_string(port) + " " + where,
                       start("status", good[i].conninfo)});
      batch.push_back({wrong[i].name + " wrong password", 3, "password authentication failed", start("current", wrong[i].conninfo)});
      if (i == 0) batch.push_back({good[i].name + " upgrade", 0, "at 0004", start("upgrade", good[i].conninfo)});
      if (i == 1) batch.push_back({unreachable[i].name + " unreachable", 3, "port=1", start("current", unreachable[i].conninfo)});
    }
    for (StartedRun& run : batch) {
      ProcessResult result = run.process->wait();
      ++runs;
      SCOPED_TRACE(run.what + " with password [" + password + "]");
      EXPECT_EQ(result.exit_code, run.expected_exit) << result.err;
      EXPECT_TRUE(contains(result.out + result.err, run.expected_text)) << result.out << result.err;
      EXPECT_FALSE(strata::test::shows_a_password(result.out)) << result.out;
      EXPECT_FALSE(strata::test::shows_a_password(result.err)) << result.err;
    }
  }
  EXPECT_GE(runs, 1800u);
}

std::string command_line_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(PasswordSecrecyTest, UrlArgumentIsWipedFromTheProcessArguments) {
  const std::string dbname = database_of(url_);
  pqxx::connection admin(url_);
  pqxx::nontransaction(admin).exec("ALTER ROLE " + std::string(kRole) + " PASSWORD 'Kx4242Vw'");
  const std::string with_password = "postgresql://" + std::string(kRole) + ":Kx4242Vw@127.0.0.1:" +
                                    std::to_string(PgCluster::shared().port()) + "/" + dbname;
  for (const std::vector<std::string>& url_args :
       {std::vector<std::string>{"--url", with_password}, std::vector<std::string>{"--url=" + with_password}}) {
    std::vector<std::string> argv{STRATA_TEST_MIGRATOR, "upgrade", "head"};
    argv.insert(argv.end(), url_args.begin(), url_args.end());
    Subprocess child(argv, {{"STRATA_TEST_REGISTRY", "sleepy"},
                            {"STRATA_TEST_MIGRATOR_URL", Subprocess::kUnset},
                            {"PGOPTIONS", "-c strata_test.nap=30"}});
    bool sleeping = false;
    for (int attempt = 0; attempt < 200 && !sleeping; ++attempt) {
      pqxx::nontransaction tx(admin);
      sleeping = !tx.exec("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'").empty();
      if (!sleeping) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(sleeping) << "the child never reached pg_sleep";
    const std::string cmdline = command_line_of(child.pid());
    EXPECT_TRUE(contains(cmdline, "upgrade")) << cmdline;
    EXPECT_FALSE(strata::test::shows_a_password(cmdline)) << cmdline;
    child.kill(SIGKILL);
    child.wait();
    // Gone before the next round, which must not mistake this session for its child's.
    for (int attempt = 0; attempt < 200; ++attempt) {
      pqxx::nontransaction tx(admin);
      if (tx.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' "
                  "AND pid <> pg_backend_pid()")
              .empty()) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace

// The throwaway cluster: it starts, serves fresh databases, and is always gone when its process
// ends, however it ends (the child-process tests re-run this binary in a "child mode").
#include "tests/support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using strata::test::PgCluster;

constexpr const char* kChildModeVar = "STRATA_PG_CLUSTER_TEST_CHILD";
constexpr const char* kChildReportVar = "STRATA_PG_CLUSTER_TEST_REPORT";

[[noreturn]] void die_by_uncaught_exception() noexcept(false) { throw std::runtime_error("child mode: uncaught on purpose"); }

// Child mode: start the cluster, report where it lives, then end the process the requested way.
// Runs from a static initializer so it needs no test of its own and never reaches gtest's main.
bool run_child_mode_if_requested() {
  const char* mode = std::getenv(kChildModeVar);
  const char* report = std::getenv(kChildReportVar);
  if (mode == nullptr || report == nullptr) return false;
  PgCluster& cluster = PgCluster::shared();
  if (std::string(mode) == "external") {
    // Report the database made on the external server; exiting must drop it again.
    const std::string database_url = cluster.create_database();
    pqxx::connection connection(database_url);
    std::ofstream(report) << (cluster.external() ? "external" : "local") << "\n" << database_url << "\n";
    std::exit(0);
  }
  {
    pqxx::connection connection(cluster.url());
    pqxx::nontransaction tx(connection);
    tx.exec1("SELECT 1");
  }
  {
    std::ofstream out(report);
    out << cluster.base_dir() << "\n" << cluster.port() << "\n";
  }
  const std::string how = mode;
  if (how == "exit") std::exit(0);
  if (how == "sigkill") std::raise(SIGKILL);
  if (how == "uncaught_exception") die_by_uncaught_exception();
  std::_Exit(99);
}
[[maybe_unused]] const bool child_mode_ran = run_child_mode_if_requested();

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs argv with `extra_env` added and STRATA_TEST_DATABASE_URL removed; stdout to out_path.
int spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, const fs::path& out_path) {
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "STRATA_TEST_DATABASE_URL=", 25) != 0) env_strings.emplace_back(*entry);
  }
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> c_env, c_argv;
  for (auto& entry : env_strings) c_env.push_back(entry.data());
  c_env.push_back(nullptr);
  for (const auto& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);
  const std::string out = out_path.string();
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execve(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

bool accepts_connections(int port) {
  try {
    pqxx::connection connection("postgresql://postgres@127.0.0.1:" + std::to_string(port) +
                                "/postgres?connect_timeout=2");
    return true;
  } catch (const pqxx::broken_connection&) {
    return false;
  }
}

TEST(PgCluster, StartsAndAcceptsConnections) {
  PgCluster& cluster = PgCluster::shared();
  pqxx::connection connection(cluster.url());
  pqxx::nontransaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT current_database()")[0].as<std::string>(), "postgres");
  if (!cluster.external()) {
    EXPECT_EQ(tx.exec1("SHOW server_version_num")[0].as<std::string>().substr(0, 2), "15");
    EXPECT_EQ(tx.exec1("SHOW fsync")[0].as<std::string>(), "off");
    EXPECT_EQ(tx.exec1("SHOW max_locks_per_transaction")[0].as<std::string>(), "1024");
    EXPECT_EQ(tx.exec1("SHOW max_connections")[0].as<std::string>(), "100");
    EXPECT_TRUE(fs::exists(fs::path(cluster.base_dir()) / "data" / "PG_VERSION"));
    EXPECT_NE(cluster.url().find(":" + std::to_string(cluster.port()) + "/"), std::string::npos);
  }
}

TEST(PgCluster, CreateDatabaseGivesFreshSeparateDatabases) {
  PgCluster& cluster = PgCluster::shared();
  const std::string first = cluster.create_database();
  const std::string second = cluster.create_database();
  ASSERT_NE(first, second);
  {
    pqxx::connection a(first);
    pqxx::work tx(a);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = 'public'")[0].as<int>(), 0);
    tx.exec0("CREATE TABLE only_in_first (id int)");
    tx.commit();
  }
  {
    pqxx::connection b(second);
    pqxx::nontransaction tx(b);
    EXPECT_TRUE(tx.exec("SELECT 1 FROM pg_class WHERE relname = 'only_in_first'").empty());
  }
  pqxx::connection keep_open(first);  // drop_database must cope with a live connection
  cluster.drop_database(first);
  cluster.drop_database(second);
  EXPECT_THROW(pqxx::connection{first}, pqxx::broken_connection);
  EXPECT_THROW(cluster.drop_database(cluster.url("postgres")), std::invalid_argument);
}

TEST(PgCluster, PsqlFromBinDirReachesTheCluster) {
  PgCluster& cluster = PgCluster::shared();
  const fs::path out = fs::temp_directory_path() / ("strata_psql_" + std::to_string(getpid()) + ".out");
  const int status = spawn({PgCluster::bin_dir() + "/psql", cluster.url(), "-X", "-A", "-t", "-c", "SELECT 40 + 2"},
                           {}, out);
  const std::string printed = read_all(out);
  fs::remove(out);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << printed;
  EXPECT_EQ(printed, "42\n");
}

TEST(PgCluster, ExternalServerFromTheEnvironmentIsUsedAndItsDatabasesDropped) {
  PgCluster& cluster = PgCluster::shared();
  if (cluster.external()) GTEST_SKIP() << "needs this process's own cluster to act as the external server";
  const fs::path report = fs::temp_directory_path() / ("strata_pg_external_" + std::to_string(getpid()) + ".report");
  const fs::path output = fs::path(report).replace_extension(".out");
  const int status = spawn({fs::read_symlink("/proc/self/exe").string()},
                           {std::string(kChildModeVar) + "=external", std::string(kChildReportVar) + "=" + report.string(),
                            "STRATA_TEST_DATABASE_URL=" + cluster.url("postgres") + "?application_name=strata_child"},
                           output);
  const std::string child_output = read_all(output);
  fs::remove(output);
  std::ifstream in(report);
  std::string kind, database_url;
  std::getline(in, kind);
  std::getline(in, database_url);
  in.close();
  fs::remove(report);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << child_output;
  EXPECT_EQ(kind, "external");
  // The child's database lived on this process's cluster, with the URL's query kept.
  EXPECT_EQ(database_url.rfind(cluster.url(""), 0), 0u) << database_url;
  EXPECT_NE(database_url.find("?application_name=strata_child"), std::string::npos) << database_url;
  const std::string name = database_url.substr(cluster.url("").size(), database_url.find('?') - cluster.url("").size());
  ASSERT_FALSE(name.empty());
  pqxx::connection admin(cluster.url());
  pqxx::nontransaction tx(admin);
  EXPECT_TRUE(tx.exec("SELECT 1 FROM pg_database WHERE datname = " + tx.quote(name)).empty())
      << name << " was left behind on the external server";
}

class PgClusterCleanup : public ::testing::TestWithParam<std::string> {};

TEST_P(PgClusterCleanup, ClusterIsGoneAfterTheProcessEnds) {
  const fs::path report = fs::temp_directory_path() / ("strata_pg_child_" + std::to_string(getpid()) + "_" +
                                                       GetParam() + ".report");
  const fs::path output = fs::path(report).replace_extension(".out");
  const int status = spawn({fs::read_symlink("/proc/self/exe").string()},
                           {std::string(kChildModeVar) + "=" + GetParam(), std::string(kChildReportVar) + "=" + report.string()},
                           output);
  const std::string child_output = read_all(output);
  fs::remove(output);
  std::ifstream in(report);
  std::string base_dir;
  int port = 0;
  std::getline(in, base_dir);
  in >> port;
  in.close();
  fs::remove(report);
  ASSERT_FALSE(base_dir.empty()) << "the child never reported its cluster; status " << status << "\n" << child_output;
  ASSERT_GT(port, 0);
  if (GetParam() == "exit") {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << child_output;
  } else {
    EXPECT_TRUE(WIFSIGNALED(status)) << "status " << status << "\n" << child_output;
  }

  // After a normal exit the destructor has already cleaned up; after a crash the guardian does,
  // asynchronously: give it a bounded while.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((fs::exists(base_dir) || accepts_connections(port)) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(fs::exists(base_dir)) << base_dir;
  EXPECT_FALSE(accepts_connections(port)) << "a server still listens on port " << port;
}

INSTANTIATE_TEST_SUITE_P(ExitModes, PgClusterCleanup, ::testing::Values("exit", "uncaught_exception", "sigkill"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace

#include "tests/support/citus_cluster.hpp"

#include <unistd.h>

#include <filesystem>
#include <pqxx/pqxx>
#include <stdexcept>

#include "runner/scratch_cluster.hpp"
#include "tests/support/pg_cluster.hpp"

namespace strata::test {
namespace {

// Where Debian's PostgreSQL 15 loads extensions from (pg_config --pkglibdir).
constexpr const char* kPkgLibDir = "/usr/lib/postgresql/15/lib";

ScratchClusterOptions node_options(const std::string& role) {
  ScratchClusterOptions options;
  options.bin_dir = PgCluster::bin_dir();
  options.dir_prefix = "strata-citus-" + role;
  options.label = "test Citus " + role;
  options.extra_settings = "shared_preload_libraries = 'citus'\nmax_connections = 100\n";
  return options;
}

std::string database_of(const std::string& url) { return url.substr(url.rfind('/') + 1); }

}  // namespace

bool CitusCluster::available() {
  return std::filesystem::exists(std::filesystem::path(kPkgLibDir) / "citus.so");
}

CitusCluster& CitusCluster::shared() {
  static CitusCluster cluster;
  return cluster;
}

CitusCluster::CitusCluster() {
  if (!available()) throw std::runtime_error("test Citus: citus.so is not installed (scripts/build-citus.sh)");
  coordinator_ = std::make_unique<ScratchCluster>(node_options("coordinator"));
  for (const char* role : {"worker1", "worker2"}) workers_.push_back(std::make_unique<ScratchCluster>(node_options(role)));
}

CitusCluster::~CitusCluster() = default;

std::string CitusCluster::create_database() {
  const std::string name = "strata_citus_" + std::to_string(getpid()) + "_" + std::to_string(++databases_created_);
  std::vector<ScratchCluster*> nodes{coordinator_.get()};
  for (const auto& worker : workers_) nodes.push_back(worker.get());
  for (ScratchCluster* node : nodes) {
    {
      pqxx::connection admin(node->url("postgres"));
      pqxx::nontransaction tx(admin);
      tx.exec0("CREATE DATABASE " + tx.quote_name(name) + " TEMPLATE template0");
    }
    pqxx::connection connection(node->url(name));
    pqxx::nontransaction tx(connection);
    tx.exec0("CREATE EXTENSION citus");
  }
  pqxx::connection coordinator(coordinator_->url(name));
  pqxx::nontransaction tx(coordinator);
  tx.exec("SELECT citus_set_coordinator_host('127.0.0.1', " + std::to_string(coordinator_->port()) + ")");
  for (const auto& worker : workers_)
    tx.exec("SELECT citus_add_node('127.0.0.1', " + std::to_string(worker->port()) + ")");
  return coordinator_->url(name);
}

std::string CitusCluster::worker_url(std::size_t worker, const std::string& coordinator_url) const {
  return workers_.at(worker)->url(database_of(coordinator_url));
}

}  // namespace strata::test

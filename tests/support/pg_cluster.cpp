#include "tests/support/pg_cluster.hpp"

#include "runner/scratch_cluster.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace strata::test {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

// Splits "scheme://authority/database?query" around the database.
struct UrlParts {
  std::string before;  // through the '/' that starts the path
  std::string database;
  std::string after;  // "?query" or ""
};

UrlParts split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    throw std::runtime_error("test PostgreSQL: not a postgresql:// URL (connection strings of the key=value form are not supported)");
  }
  const auto query = url.find('?', scheme_end + 3);
  const auto authority_end = std::min(url.find('/', scheme_end + 3), query);
  UrlParts parts;
  if (authority_end == std::string::npos || url[authority_end] == '?') {
    parts.before = url.substr(0, authority_end) + "/";
    parts.after = query == std::string::npos ? "" : url.substr(query);
    return parts;
  }
  parts.before = url.substr(0, authority_end + 1);
  parts.database = url.substr(authority_end + 1, query == std::string::npos ? std::string::npos : query - authority_end - 1);
  parts.after = query == std::string::npos ? "" : url.substr(query);
  return parts;
}

}  // namespace

PgCluster& PgCluster::shared() {
  static PgCluster cluster;
  return cluster;
}

std::string PgCluster::bin_dir() { return kBinDir; }

PgCluster::PgCluster() : owner_pid_(getpid()) {
  if (const char* external = std::getenv("STRATA_TEST_DATABASE_URL"); external != nullptr && *external != '\0') {
    external_ = true;
    external_url_ = external;
    return;
  }
  ScratchClusterOptions options;
  options.bin_dir = kBinDir;
  options.dir_prefix = "strata-pg";
  options.label = "test PostgreSQL";
  options.extra_settings = "max_connections = 100\nmax_locks_per_transaction = 1024\n";
  local_ = std::make_unique<ScratchCluster>(std::move(options));
  base_dir_ = local_->base_dir().string();
  port_ = local_->port();
}

PgCluster::~PgCluster() {
  // A forked child that exits normally must not tear down its parent's cluster: its copy of the
  // cluster is left unstopped (the process is ending anyway).
  if (getpid() != owner_pid_) {
    static_cast<void>(local_.release());
    return;
  }
  if (!external_) {
    local_.reset();
    return;
  }
  for (const std::string& database : external_databases_) {
    try {
      drop_database(url(database));
    } catch (...) {
      // Best effort: the server may be gone already.
    }
  }
}

void PgCluster::crash_and_restart() {
  if (external_) throw std::runtime_error("test PostgreSQL: crash_and_restart() needs the local cluster");
  local_->crash_and_restart();
}

std::string PgCluster::url(const std::string& database) const {
  if (external_) {
    const UrlParts parts = split_url(external_url_);
    return parts.before + database + parts.after;
  }
  return local_->url(database);
}

std::string PgCluster::create_database() {
  // pid + counter is unique within this machine; the random part keeps parallel runs on one
  // external server apart.
  static std::mt19937 random{std::random_device{}()};
  std::ostringstream name;
  name << "strata_test_" << getpid() << "_" << ++databases_created_ << "_" << std::hex << (random() & 0xffffu);
  pqxx::connection admin(url("postgres"));
  pqxx::nontransaction tx(admin);
  tx.exec0("CREATE DATABASE " + tx.quote_name(name.str()) + " TEMPLATE template0");
  if (external_) external_databases_.push_back(name.str());
  return url(name.str());
}

// Plain libpq, not libpqxx: this also runs from the destructor at exit, when libpqxx's own
// function-local statics may already be destroyed.
void PgCluster::drop_database(const std::string& database_url) {
  const std::string database = split_url(database_url).database;
  if (database.empty() || database == "postgres" || database.rfind("template", 0) == 0) {
    throw std::invalid_argument("PgCluster::drop_database: refusing to drop '" + database + "'");
  }
  PGconn* admin = PQconnectdb(url("postgres").c_str());
  std::string error;
  if (PQstatus(admin) != CONNECTION_OK) {
    error = PQerrorMessage(admin);
  } else if (char* quoted = PQescapeIdentifier(admin, database.data(), database.size()); quoted == nullptr) {
    error = PQerrorMessage(admin);
  } else {
    const std::string sql = "DROP DATABASE IF EXISTS " + std::string(quoted) + " WITH (FORCE)";
    PQfreemem(quoted);
    PGresult* result = PQexec(admin, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(admin);
  if (!error.empty()) throw std::runtime_error("test PostgreSQL: dropping database " + database + ": " + error);
}

}  // namespace strata::test

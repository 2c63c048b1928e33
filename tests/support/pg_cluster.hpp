// A real, throwaway PostgreSQL 15 cluster for tests that touch a database.
//
// One cluster per test process: initdb'd into a fresh temp dir on first use, listening on a free
// port of 127.0.0.1 with trust auth, and always stopped and deleted when the process ends. A
// guardian process (forked at start, in its own session) waits for the test process to die and
// cleans up when no destructor could run: an abort, an uncaught exception, a SIGKILL, a timeout.
//
// With STRATA_TEST_DATABASE_URL set (a postgresql:// URL of a role that may create databases),
// that server is used instead and nothing is started; create_database() makes its databases
// there, and those still present are dropped at exit.
#pragma once

#include <memory>
#include <string>
#include <vector>
#include <sys/types.h>

namespace strata {
class ScratchCluster;
}

namespace strata::test {

class PgCluster {
 public:
  // The process's cluster: started on first use, stopped at exit.
  static PgCluster& shared();

  // "postgresql://postgres@127.0.0.1:PORT/<database>" (or the external server's URL, with the
  // database replaced).
  std::string url(const std::string& database = "postgres") const;
  // A fresh, empty database with a unique name; returns its URL.
  std::string create_database();
  // Drops the database the URL names (connections to it are terminated first).
  void drop_database(const std::string& url);

  // Directory of the PostgreSQL client and server programs (psql, pg_dump, ...).
  static std::string bin_dir();
  // True when STRATA_TEST_DATABASE_URL points the tests at an external server.
  bool external() const { return external_; }
  // The temp dir holding the data dir and the socket dir; empty for an external server.
  const std::string& base_dir() const { return base_dir_; }
  int port() const { return port_; }
  // A crash and a recovery: `pg_ctl stop -m immediate` (no checkpoint, sessions cut), then start
  // again on the same port. Local cluster only (throws for an external server).
  void crash_and_restart();

  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  ~PgCluster();

 private:
  PgCluster();

  bool external_ = false;
  std::string external_url_;
  std::unique_ptr<ScratchCluster> local_;  // the started cluster, its guardian included
  std::string base_dir_;
  int port_ = 0;
  pid_t owner_pid_ = 0;
  unsigned databases_created_ = 0;
  std::vector<std::string> external_databases_;  // dropped at exit: an external server is not ours
};

}  // namespace strata::test

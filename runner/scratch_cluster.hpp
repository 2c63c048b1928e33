// A throwaway PostgreSQL cluster: `migrator verify` proves revisions on one when no server is given
// (STRATA_VERIFY_URL), and the tests' PgCluster runs on one. initdb'd into a fresh temp dir,
// listening on a free port of 127.0.0.1 only (trust auth, no sync), stopped and deleted by the
// destructor, or by a guardian process when the owner dies without running it (Ctrl-C of the
// build, a kill, a test timeout). As root, initdb and pg_ctl run as the `postgres` OS user
// (runuser), since initdb refuses root. Programs are run with an argv vector, never through a shell.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace strata {

struct ScratchClusterError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ScratchClusterOptions {
  std::string bin_dir;                       // initdb and pg_ctl; empty: what `pg_config --bindir` names
  std::string dir_prefix = "strata-verify";  // the temp dir is $TMPDIR/<dir_prefix>-XXXXXX
  std::string label = "scratch PostgreSQL";  // starts every error message
  std::string extra_settings;                // postgresql.conf lines added to the defaults
};

class ScratchCluster {
 public:
  // Starts the cluster; throws ScratchClusterError naming the step that failed and its output.
  explicit ScratchCluster(ScratchClusterOptions options = {});
  ~ScratchCluster();
  ScratchCluster(const ScratchCluster&) = delete;
  ScratchCluster& operator=(const ScratchCluster&) = delete;

  // "postgresql://postgres@127.0.0.1:PORT/<database>".
  std::string url(const std::string& database = "postgres") const;
  // The temp dir holding the data dir ("data") and the socket dir ("sockets").
  const std::filesystem::path& base_dir() const { return base_; }
  int port() const { return port_; }
  // A crash and a recovery: `pg_ctl stop -m immediate` (no checkpoint, sessions cut), then start
  // again on the same port.
  void crash_and_restart();

 private:
  void start_guardian();
  int pg_ctl_start();
  void stop() noexcept;

  ScratchClusterOptions options_;
  std::filesystem::path base_;
  int port_ = 0;
  int guardian_fd_ = -1;  // write end of the pipe the guardian waits on
  int guardian_pid_ = 0;
};

}  // namespace strata

// A throwaway PostgreSQL cluster: `migrator verify` proves revisions on one when no server is given
// (STRATA_VERIFY_URL), and the tests' PgCluster runs on one. initdb'd into a fresh temp dir,
// listening on a free port of 127.0.0.1 only (trust auth, no sync), stopped and deleted by the
// destructor, or by a guardian process when the owner dies without running it (Ctrl-C of the
// build, a kill, a test timeout). As root, initdb and pg_ctl run as the `postgres` OS user
// (runuser), since initdb refuses root. Programs are run with an argv vector, never through a shell.
//
// With a kept data dir (the build tree's, for `migrator verify`), initdb runs once and each use only
// starts and stops the server: initdb is most of a throwaway cluster's cost (bench/RESULTS.md). The
// data dir is locked (flock) while in use; a busy, unusable or half-made one falls back to a
// throwaway cluster.
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
  std::string kept_data_dir;                 // "": a throwaway data dir in the temp dir
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
  // The temp dir holding the socket dir ("sockets"), the logs and, unless kept, the data dir ("data").
  const std::filesystem::path& base_dir() const { return base_; }
  // Whether this run uses the kept data dir (false when it fell back to a throwaway one).
  bool kept() const { return kept_lock_fd_ >= 0; }
  // Why a kept data dir was asked for and not used ("in use by another run", initdb's output).
  const std::string& kept_refusal() const { return kept_refusal_; }
  int port() const { return port_; }
  // A crash and a recovery: `pg_ctl stop -m immediate` (no checkpoint, sessions cut), then start
  // again on the same port.
  void crash_and_restart();

 private:
  void start_guardian();
  bool use_kept_data_dir();
  void init_data_dir(const std::filesystem::path& data);
  int pg_ctl_start();
  void stop() noexcept;

  ScratchClusterOptions options_;
  std::filesystem::path base_;
  std::filesystem::path data_;
  int kept_lock_fd_ = -1;  // flock on "<kept_data_dir>.lock" while the kept data dir is in use
  std::string kept_refusal_;
  int port_ = 0;
  int guardian_fd_ = -1;  // write end of the pipe the guardian waits on
  int guardian_pid_ = 0;
};

}  // namespace strata

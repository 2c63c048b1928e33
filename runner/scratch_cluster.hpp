// A throwaway PostgreSQL cluster for `migrator verify` when no server is given (STRATA_VERIFY_URL):
// initdb'd into a fresh temp dir from the binaries `pg_config --bindir` names, listening on a
// free port of 127.0.0.1 only (trust auth, no sync), stopped and deleted by the destructor, or by
// a guardian process when the migrator dies without running it (Ctrl-C of the build, a kill). As
// root, initdb and pg_ctl run as the `postgres` OS user (runuser), since initdb refuses root.
// Programs are run with an argv vector, never through a shell.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace strata {

struct ScratchClusterError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ScratchCluster {
 public:
  // Starts the cluster; throws ScratchClusterError naming the step that failed and its output.
  ScratchCluster();
  ~ScratchCluster();
  ScratchCluster(const ScratchCluster&) = delete;
  ScratchCluster& operator=(const ScratchCluster&) = delete;

  // "postgresql://postgres@127.0.0.1:PORT/<database>".
  std::string url(const std::string& database = "postgres") const;

 private:
  void start_guardian();
  void stop() noexcept;

  std::filesystem::path base_;
  std::string bin_dir_;
  int port_ = 0;
  int guardian_fd_ = -1;  // write end of the pipe the guardian waits on
  int guardian_pid_ = 0;
};

}  // namespace strata

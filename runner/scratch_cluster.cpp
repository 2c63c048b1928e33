#include "runner/scratch_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

namespace strata {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSuperuser = "postgres";

bool running_as_root() { return geteuid() == 0; }

std::vector<std::string> as_cluster_owner(std::vector<std::string> argv) {
  if (!running_as_root()) return argv;
  std::vector<std::string> wrapped{"runuser", "-u", kSuperuser, "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return text.size() <= 2000 ? text : "..." + text.substr(text.size() - 2000);
}

// Runs argv with stdout and stderr written to `log` (truncated first); returns the exit status.
int run_program(const std::vector<std::string>& argv, const fs::path& log, const std::string& label) {
  std::vector<char*> c_argv;
  for (const std::string& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);
  const std::string log_path = log.string();
  const pid_t pid = fork();
  if (pid < 0) throw ScratchClusterError(label + ": fork: " + std::strerror(errno));
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    execvp(c_argv[0], c_argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw ScratchClusterError(label + ": waitpid failed for " + argv.front());
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// Asks the kernel for a free port; the small race until postgres binds it is retried by the caller.
int free_port(const std::string& label) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw ScratchClusterError(label + ": socket(): " + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!bound) throw ScratchClusterError(label + ": no free port on 127.0.0.1");
  return ntohs(addr.sin_port);
}

void give_to_cluster_owner(const fs::path& path, const std::string& label) {
  if (!running_as_root()) return;
  const passwd* owner = getpwnam(kSuperuser);
  if (owner == nullptr) throw ScratchClusterError(label + ": running as root but there is no `postgres` OS user");
  if (chown(path.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
    throw ScratchClusterError(label + ": chown " + path.string() + ": " + std::strerror(errno));
  }
}

// `pg_config --bindir`: where initdb and pg_ctl are.
std::string postgres_bin_dir(const fs::path& base, const std::string& label) {
  const fs::path log = base / "pg_config.out";
  if (run_program({"pg_config", "--bindir"}, log, label) != 0) {
    throw ScratchClusterError(label +
                              ": `pg_config --bindir` failed (is PostgreSQL installed and pg_config on "
                              "PATH? or set STRATA_VERIFY_URL): " +
                              read_text(log));
  }
  std::string dir = read_text(log);
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
  return dir;
}

fs::path make_base_dir(const std::string& prefix, const std::string& label) {
  // The socket path (dir + "/.s.PGSQL.NNNNN") must stay under ~107 bytes: keep the dir short.
  std::string parent = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0' && std::strlen(tmp) < 60) parent = tmp;
  std::string pattern = parent + "/" + prefix + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr)
    throw ScratchClusterError(label + ": mkdtemp " + pattern + ": " + std::strerror(errno));
  return pattern;
}

}  // namespace

ScratchCluster::ScratchCluster(ScratchClusterOptions options) : options_(std::move(options)) {
  const std::string& label = options_.label;
  base_ = make_base_dir(options_.dir_prefix, label);
  try {
    if (options_.bin_dir.empty()) options_.bin_dir = postgres_bin_dir(base_, label);
    give_to_cluster_owner(base_, label);
    const bool kept = use_kept_data_dir();
    if (!kept) data_ = base_ / "data";
    start_guardian();
    if (!kept) init_data_dir(data_);
    const fs::path sockets = base_ / "sockets";
    fs::create_directory(sockets);
    give_to_cluster_owner(sockets, label);
    // Another process may take the port between free_port() and the server's bind: retried.
    for (int attempt = 1;; ++attempt) {
      port_ = free_port(label);
      {
        // postgresql.auto.conf belongs to the cluster owner already; rewriting keeps that.
        std::ofstream conf(data_ / "postgresql.auto.conf", std::ios::trunc);
        conf << "listen_addresses = '127.0.0.1'\nport = " << port_ << "\nunix_socket_directories = '"
             << sockets.string()
             << "'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\n"
             << options_.extra_settings;
        if (!conf) throw ScratchClusterError(label + ": cannot write " + (data_ / "postgresql.auto.conf").string());
      }
      if (pg_ctl_start() == 0) break;
      const std::string server = read_text(base_ / "postgres.log");
      if (attempt < 5 && server.find("could not bind") != std::string::npos) continue;
      throw ScratchClusterError(label + ": pg_ctl start failed" +
                                (kept ? " on the kept data dir " + data_.string() + " (delete it to start afresh)" : "") +
                                ":\n" + read_text(base_ / "pg_ctl.log") + server);
    }
  } catch (...) {
    stop();
    throw;
  }
}

void ScratchCluster::init_data_dir(const fs::path& data) {
  fs::create_directory(data);
  give_to_cluster_owner(data, options_.label);
  if (run_program(as_cluster_owner({options_.bin_dir + "/initdb", "-D", data.string(), "-U", kSuperuser,
                                    "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"}),
                  base_ / "initdb.log", options_.label) != 0) {
    throw ScratchClusterError(options_.label + ": initdb failed:\n" + read_text(base_ / "initdb.log"));
  }
}

// Locks the kept data dir and initdb's it the first time, into "<dir>.new" renamed when complete
// (a killed initdb leaves no half-made data dir). False, with nothing held, when it is in use by
// another run or cannot be made (the cluster owner may not reach a build tree under /root).
bool ScratchCluster::use_kept_data_dir() {
  if (options_.kept_data_dir.empty()) return false;
  const fs::path kept = fs::absolute(options_.kept_data_dir);
  const std::string lock_path = kept.string() + ".lock";
  std::error_code ec;
  fs::create_directories(kept.parent_path(), ec);
  const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    kept_refusal_ = "cannot open " + lock_path + ": " + std::strerror(errno);
    return false;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    kept_refusal_ = kept.string() + " is in use by another run";
    return false;
  }
  try {
    if (!fs::exists(kept / "PG_VERSION")) {
      const fs::path fresh = kept.string() + ".new";
      fs::remove_all(fresh);
      fs::remove_all(kept);
      init_data_dir(fresh);
      fs::rename(fresh, kept);
    }
  } catch (const std::exception& error) {
    close(fd);
    // The last line says why ("initdb: error: could not access directory …: Permission denied").
    std::string why = error.what();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    kept_refusal_ = why.substr(why.find_last_of('\n') + 1);
    return false;
  }
  kept_lock_fd_ = fd;
  data_ = kept;
  return true;
}

ScratchCluster::~ScratchCluster() { stop(); }

int ScratchCluster::pg_ctl_start() {
  return run_program(as_cluster_owner({options_.bin_dir + "/pg_ctl", "start", "-w", "-t", "60", "-D",
                                       data_.string(), "-l", (base_ / "postgres.log").string()}),
                     base_ / "pg_ctl.log", options_.label);
}

void ScratchCluster::crash_and_restart() {
  const int stopped = run_program(
      as_cluster_owner({options_.bin_dir + "/pg_ctl", "stop", "-m", "immediate", "-D", data_.string()}),
      base_ / "pg_ctl_stop.log", options_.label);
  if (stopped != 0) {
    throw ScratchClusterError(options_.label + ": pg_ctl stop -m immediate failed:\n" +
                              read_text(base_ / "pg_ctl_stop.log"));
  }
  if (pg_ctl_start() != 0) {
    throw ScratchClusterError(options_.label + ": restart after the crash failed:\n" + read_text(base_ / "pg_ctl.log") +
                              read_text(base_ / "postgres.log"));
  }
}

// Forked before anything runs, in its own session (a Ctrl-C of the build's process group leaves
// it alive): when the pipe closes without a 'd' (done) byte, the owner died without stopping
// the cluster, and the guardian stops it and deletes the temp dir. Async-signal-safe calls only.
void ScratchCluster::start_guardian() {
  const std::vector<std::string> stop_argv =
      as_cluster_owner({options_.bin_dir + "/pg_ctl", "stop", "-m", "immediate", "-D", data_.string()});
  const std::vector<std::string> remove_argv{"/bin/rm", "-rf", "--", base_.string()};
  std::vector<char*> stop_c, remove_c;
  for (const std::string& arg : stop_argv) stop_c.push_back(const_cast<char*>(arg.c_str()));
  stop_c.push_back(nullptr);
  for (const std::string& arg : remove_argv) remove_c.push_back(const_cast<char*>(arg.c_str()));
  remove_c.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw ScratchClusterError(options_.label + ": pipe2: " + std::strerror(errno));
  const pid_t guardian = fork();
  if (guardian < 0) throw ScratchClusterError(options_.label + ": fork: " + std::strerror(errno));
  if (guardian == 0) {
    setsid();
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    close(fds[1]);
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    char byte = 0;
    ssize_t got;
    while ((got = read(fds[0], &byte, 1)) < 0 && errno == EINTR) {
    }
    if (got == 1 && byte == 'd') _exit(0);
    for (char* const* argv : {stop_c.data(), remove_c.data()}) {
      const pid_t pid = fork();
      if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
      }
      int status = 0;
      if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
      }
    }
    _exit(0);
  }
  close(fds[0]);
  guardian_fd_ = fds[1];
  guardian_pid_ = guardian;
}

void ScratchCluster::stop() noexcept {
  if (base_.empty()) return;
  try {
    // A kept data dir is stopped cleanly: the next start then skips crash recovery.
    if (!data_.empty() && fs::exists(data_ / "postmaster.pid")) {
      run_program(as_cluster_owner({options_.bin_dir + "/pg_ctl", "stop", "-m", kept() ? "fast" : "immediate", "-D",
                                    data_.string()}),
                  "/dev/null", options_.label);
    }
  } catch (...) {
  }
  std::error_code ignored;
  fs::remove_all(base_, ignored);
  base_.clear();
  if (kept_lock_fd_ >= 0) {
    close(kept_lock_fd_);
    kept_lock_fd_ = -1;
  }
  if (guardian_fd_ >= 0) {
    const char done = 'd';
    [[maybe_unused]] const ssize_t written = write(guardian_fd_, &done, 1);
    close(guardian_fd_);
    guardian_fd_ = -1;
  }
  if (guardian_pid_ > 0) {
    int status = 0;
    waitpid(guardian_pid_, &status, 0);
    guardian_pid_ = 0;
  }
}

std::string ScratchCluster::url(const std::string& database) const {
  return "postgresql://" + std::string(kSuperuser) + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

}  // namespace strata

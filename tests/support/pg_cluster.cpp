#include "tests/support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace strata::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
constexpr const char* kSuperuser = "postgres";

// initdb refuses to run as root: then the cluster belongs to the `postgres` OS user.
bool running_as_root() { return geteuid() == 0; }

std::vector<std::string> as_cluster_owner(std::vector<std::string> argv) {
  if (!running_as_root()) return argv;
  std::vector<std::string> wrapped{"runuser", "-u", kSuperuser, "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

std::string join(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& arg : argv) {
    if (!out.empty()) out += ' ';
    out += arg;
  }
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string tail(const std::string& text, std::size_t max_chars = 4000) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

// Runs argv (no shell), stdout and stderr appended to log_path; returns the exit status.
int run_program(const std::vector<std::string>& argv, const fs::path& log_path) {
  std::vector<char*> c_argv;
  for (const auto& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);
  const std::string log = log_path.string();

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed for `" + join(argv) + "`: " + std::strerror(errno));
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
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
    if (errno != EINTR) throw std::runtime_error("waitpid failed for `" + join(argv) + "`");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void run_or_throw(const std::vector<std::string>& argv, const fs::path& log_path) {
  const int status = run_program(argv, log_path);
  if (status != 0) {
    throw std::runtime_error("test PostgreSQL: `" + join(argv) + "` exited with status " +
                             std::to_string(status) + "\n" + tail(read_file(log_path)));
  }
}

// Asks the kernel for a free port; the small race until postgres binds it is retried by the caller.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("test PostgreSQL: socket(): ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    throw std::runtime_error("test PostgreSQL: no free port on 127.0.0.1: " + error);
  }
  close(fd);
  return ntohs(addr.sin_port);
}

void give_to_cluster_owner(const fs::path& path) {
  if (!running_as_root()) return;
  const passwd* owner = getpwnam(kSuperuser);
  if (owner == nullptr) throw std::runtime_error("test PostgreSQL: running as root but no `postgres` OS user exists");
  if (chown(path.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
    throw std::runtime_error("test PostgreSQL: chown " + path.string() + ": " + std::strerror(errno));
  }
}

fs::path make_base_dir() {
  // The socket path (dir + "/.s.PGSQL.NNNNN") must stay under ~107 bytes: keep the dir short.
  fs::path parent = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0' && std::strlen(tmp) < 60) parent = tmp;
  std::string pattern = (parent / "strata-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("test PostgreSQL: mkdtemp in " + parent.string() + ": " + std::strerror(errno));
  }
  return pattern;
}

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
  start_local();
}

PgCluster::~PgCluster() {
  // A forked child that exits normally must not tear down its parent's cluster.
  if (getpid() != owner_pid_) return;
  if (!external_) {
    stop_local();
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
  const fs::path base(base_dir_);
  const fs::path data = base / "data";
  int stopped = run_program(as_cluster_owner({std::string(kBinDir) + "/pg_ctl", "stop", "-m", "immediate", "-D", data.string()}),
                            base / "tools.log");
  int started = run_program(as_cluster_owner({std::string(kBinDir) + "/pg_ctl", "start", "-w", "-t", "60", "-D",
                                              data.string(), "-l", (base / "postgres.log").string()}),
                            base / "tools.log");
  if (stopped != 0 || started != 0) {
    throw std::runtime_error("test PostgreSQL: crash and restart failed\n" + tail(read_file(base / "tools.log")));
  }
}

void PgCluster::start_local() {
  const fs::path base = make_base_dir();
  base_dir_ = base.string();
  const fs::path data = base / "data";
  const fs::path sockets = base / "sockets";
  const fs::path tools_log = base / "tools.log";
  const fs::path server_log = base / "postgres.log";

  // The guardian: forked now, while nothing is running yet, in its own session so that a
  // process-group kill (Ctrl-C, a test timeout) of the test process leaves it alive to clean up.
  // Everything it needs is prepared before fork; it then only uses async-signal-safe calls.
  const std::vector<std::string> stop_argv =
      as_cluster_owner({std::string(kBinDir) + "/pg_ctl", "stop", "-m", "immediate", "-D", data.string()});
  const std::vector<std::string> remove_argv{"/bin/rm", "-rf", "--", base.string()};
  std::vector<char*> stop_c, remove_c;
  for (const auto& arg : stop_argv) stop_c.push_back(const_cast<char*>(arg.c_str()));
  stop_c.push_back(nullptr);
  for (const auto& arg : remove_argv) remove_c.push_back(const_cast<char*>(arg.c_str()));
  remove_c.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("test PostgreSQL: pipe2: ") + std::strerror(errno));
  const pid_t guardian = fork();
  if (guardian < 0) throw std::runtime_error(std::string("test PostgreSQL: fork: ") + std::strerror(errno));
  if (guardian == 0) {
    setsid();
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
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
    if (got == 1 && byte == 'd') _exit(0);  // the owner cleaned up itself
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

  try {
    give_to_cluster_owner(base);
    run_or_throw(as_cluster_owner({std::string(kBinDir) + "/initdb", "-D", data.string(), "-U", kSuperuser,
                                   "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"}),
                 tools_log);
    fs::create_directory(sockets);
    give_to_cluster_owner(sockets);

    // The port race (another process takes the port between free_port() and bind) is retried.
    for (int attempt = 1;; ++attempt) {
      port_ = free_port();
      {
        // postgresql.auto.conf belongs to the cluster owner already; rewriting keeps that.
        std::ofstream conf(data / "postgresql.auto.conf", std::ios::trunc);
        conf << "listen_addresses = '127.0.0.1'\n"
             << "port = " << port_ << "\n"
             << "unix_socket_directories = '" << sockets.string() << "'\n"
             << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
             << "max_connections = 100\nmax_locks_per_transaction = 1024\n"
             << "shared_buffers = 32MB\n";
        if (!conf) throw std::runtime_error("test PostgreSQL: cannot write " + (data / "postgresql.auto.conf").string());
      }
      const int status = run_program(as_cluster_owner({std::string(kBinDir) + "/pg_ctl", "start", "-w", "-t", "60",
                                                       "-D", data.string(), "-l", server_log.string()}),
                                     tools_log);
      if (status == 0) break;
      const std::string log = read_file(server_log);
      if (attempt < 5 && log.find("could not bind") != std::string::npos) continue;
      throw std::runtime_error("test PostgreSQL: pg_ctl start failed (status " + std::to_string(status) + ")\n" +
                               tail(read_file(tools_log)) + "\n" + tail(log));
    }
  } catch (...) {
    stop_local();
    throw;
  }
}

void PgCluster::stop_local() noexcept {
  if (base_dir_.empty()) return;
  const fs::path base = base_dir_;
  try {
    if (fs::exists(base / "data" / "postmaster.pid")) {
      run_program(as_cluster_owner({std::string(kBinDir) + "/pg_ctl", "stop", "-m", "immediate", "-D",
                                    (base / "data").string()}),
                  "/dev/null");
    }
  } catch (...) {
  }
  std::error_code ignored;
  fs::remove_all(base, ignored);
  if (guardian_fd_ >= 0) {
    const char done = 'd';
    [[maybe_unused]] const auto written = write(guardian_fd_, &done, 1);
    close(guardian_fd_);
    guardian_fd_ = -1;
  }
  if (guardian_pid_ > 0) {
    int status = 0;
    waitpid(guardian_pid_, &status, 0);
    guardian_pid_ = 0;
  }
  base_dir_.clear();
}

std::string PgCluster::url(const std::string& database) const {
  if (external_) {
    const UrlParts parts = split_url(external_url_);
    return parts.before + database + parts.after;
  }
  return "postgresql://" + std::string(kSuperuser) + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
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

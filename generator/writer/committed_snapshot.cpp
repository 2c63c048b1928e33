#include "generator/writer/committed_snapshot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <vector>

#include "core/sha256.hpp"
#include "generator/writer/atomic_file.hpp"
#include "generator/writer/migration_set.hpp"

extern char** environ;

namespace strata {
namespace {

// The pipe's two ends, closed when done.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0) fds[0] = fds[1] = -1;
  }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

// What `command` (no shell; its first word looked up in PATH) writes on stdout, nullopt when it
// cannot be started or exits with a status other than 0. Its stderr is discarded.
std::optional<std::string> command_output(const std::vector<std::string>& command) {
  Pipe out;
  if (out.fds[0] < 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const std::string& word : command) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return std::nullopt;
  ::close(out.fds[1]);
  out.fds[1] = -1;
  std::string text;
  char buffer[65536];
  for (ssize_t n; (n = ::read(out.fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return std::nullopt;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return text;
}

}  // namespace

std::optional<std::string> find_snapshot_by_hash(const std::filesystem::path& migrations_dir, std::string_view sha256) {
  const std::string file = std::string(kSnapshotFileName);
  if (std::optional<std::string> current = read_file_if_exists(migrations_dir / file);
      current && sha256_hex(*current) == sha256)
    return current;
  const std::vector<std::string> git = {"git", "-C", migrations_dir.string()};
  const auto git_output = [&](std::vector<std::string> args) {
    std::vector<std::string> command = git;
    command.insert(command.end(), args.begin(), args.end());
    return command_output(command);
  };
  std::vector<std::string> versions = {":./" + file};  // the staged version
  if (std::optional<std::string> commits = git_output({"log", "--format=%H", "--", file})) {
    std::istringstream lines(*commits);
    for (std::string commit; std::getline(lines, commit);)
      if (!commit.empty()) versions.push_back(commit + ":./" + file);
  }
  for (const std::string& version : versions)
    if (std::optional<std::string> text = git_output({"show", version}); text && sha256_hex(*text) == sha256)
      return text;
  return std::nullopt;
}

}  // namespace strata

#include "generator/writer/compiler_command.hpp"
#include "generator/writer/generator_errors.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <stdexcept>
#include <string_view>
#include <system_error>

extern char** environ;

namespace strata {

int run_command(const std::vector<std::string>& command) {
  if (command.empty()) throw InternalError("run_command: empty command");
  std::vector<char*> argv;
  for (const std::string& word : command) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int error = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ); error != 0)
    throw std::system_error(error, std::generic_category(), "cannot run " + command.front());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::optional<std::filesystem::path> compiler_depfile(const std::vector<std::string>& command) {
  constexpr std::string_view kFlag = "-MF";
  for (std::size_t i = 0; i < command.size(); ++i) {
    const std::string_view word = command[i];
    if (word == kFlag && i + 1 < command.size()) return command[i + 1];
    if (word.starts_with(kFlag) && word.size() > kFlag.size()) return std::string(word.substr(kFlag.size()));
  }
  return std::nullopt;
}

}  // namespace strata

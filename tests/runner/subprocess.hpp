// Runs a program as a child process for tests: fork + execve with an argv vector (never a shell),
// an environment with overrides, stdout and stderr captured through temp files (no pipe to fill).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace strata::test {

struct ProcessResult {
  int exit_code = -1;   // -1 when killed by a signal
  int term_signal = 0;  // the signal that ended it, else 0
  std::string out;
  std::string err;
};

// What the CLI tests ask of a captured stream.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class Subprocess {
 public:
  // `env` adds or replaces variables of this process's environment; the value kUnset removes one.
  Subprocess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {}) {
    out_path_ = temp_file("out");
    err_path_ = temp_file("err");
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      std::string text = *entry;
      std::size_t eq = text.find('=');
      if (eq != std::string::npos) merged[text.substr(0, eq)] = text.substr(eq + 1);
    }
    for (const auto& [key, value] : env) {
      if (value == kUnset) {
        merged.erase(key);
      } else {
        merged[key] = value;
      }
    }
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : merged) env_strings.push_back(key + "=" + value);
    std::vector<char*> argv_ptrs;
    for (const std::string& arg : argv) argv_ptrs.push_back(const_cast<char*>(arg.c_str()));
    argv_ptrs.push_back(nullptr);
    std::vector<char*> env_ptrs;
    for (const std::string& entry : env_strings) env_ptrs.push_back(const_cast<char*>(entry.c_str()));
    env_ptrs.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      int out_fd = open(out_path_.c_str(), O_WRONLY | O_TRUNC);
      int err_fd = open(err_path_.c_str(), O_WRONLY | O_TRUNC);
      int null_fd = open("/dev/null", O_RDONLY);
      if (out_fd < 0 || err_fd < 0 || null_fd < 0) _exit(127);
      dup2(null_fd, 0);
      dup2(out_fd, 1);
      dup2(err_fd, 2);
      execve(argv_ptrs[0], argv_ptrs.data(), env_ptrs.data());
      _exit(127);
    }
  }

  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  ~Subprocess() {
    if (!waited_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    std::remove(out_path_.c_str());
    std::remove(err_path_.c_str());
  }

  pid_t pid() const { return pid_; }
  void kill(int signal_number) { ::kill(pid_, signal_number); }

  ProcessResult wait() {
    ProcessResult result;
    if (!waited_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = status;
      waited_ = true;
    }
    if (WIFEXITED(status_)) result.exit_code = WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) result.term_signal = WTERMSIG(status_);
    result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    return result;
  }

  static constexpr const char* kUnset = "\x01unset";

 private:
  static std::string temp_file(const char* what) {
    std::string pattern = "/tmp/strata_subprocess_" + std::string(what) + "_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    int fd = mkstemp(buffer.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    return buffer.data();
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  pid_t pid_ = -1;
  bool waited_ = false;
  int status_ = 0;
  std::string out_path_;
  std::string err_path_;
};

inline ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {}) {
  Subprocess process(argv, env);
  return process.wait();
}

}  // namespace strata::test

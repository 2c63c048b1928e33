// A compiler command line run by `strata-registry --check -- <compiler ...>`, the migrator's
// compiler launcher (cmake/StrataMigrations.cmake): run it, and find the depfile it writes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata {

// Runs `command` (its first word looked up in PATH; no shell) and waits for it. Returns its exit
// status, 128 + N when signal N ended it. Throws std::system_error when it cannot be started.
int run_command(const std::vector<std::string>& command);

// The depfile a GCC or Clang command line writes (`-MF FILE` or `-MFFILE`), nullopt when none.
std::optional<std::filesystem::path> compiler_depfile(const std::vector<std::string>& command);

}  // namespace strata

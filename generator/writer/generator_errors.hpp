// The typed errors of the generator (strata-gen) and of strata-registry. Each executable maps them
// to its exit status and writes its "<tool>: error:" prefix in one place (run_strata_gen in
// strata_gen_cli.cpp, main in strata_registry_main.cpp), so callers catch by type rather than parse
// messages. Exit statuses are documented in strata_gen_cli.hpp and strata_registry_main.cpp.
// Failed system calls stay std::system_error (they name the file and the call).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace strata {

// Errors that are a list of findings, one line each, all reported.
class ProblemsError : public std::runtime_error {
 public:
  explicit ProblemsError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// A migrations directory refused, by the loader or by the writer: every problem found, each
// "<dir>/<file>: <what>", e.g.
// "migrations/0003_b.cpp: several heads: 0003_a and 0003_b both have parent 0002_x; ..." (the
// chain's problems are worded by core/revision_graph).
class MigrationSetError : public ProblemsError {
 public:
  using ProblemsError::ProblemsError;
};

// The migrations directory differs from its strata.sum: each problem "<dir>/<file>: <what>"
// (edited, removed, added, reordered). Reported before anything is compared or loaded.
class SumMismatch : public ProblemsError {
 public:
  using ProblemsError::ProblemsError;
};

// The models have errors; problems are the scan's diagnostics ("file:line:col: error: ..."),
// already written to the error stream as they came, warnings among them.
class ModelError : public ProblemsError {
 public:
  using ProblemsError::ProblemsError;
};

// `generate` found destructive changes without --allow-destructive; each was reported as it
// was found.
class DestructiveChangesRefused : public std::runtime_error {
 public:
  DestructiveChangesRefused()
      : std::runtime_error(
            "refusing destructive changes; review them, then pass --allow-destructive "
            "(or set STRATA_ALLOW_DESTRUCTIVE=1)") {}
};

// `check`: the models changed and no revision records it, or registry.cpp is not what the
// migrations directory leads to.
class OutOfDate : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A setting given to the tool is not valid: the database URL variable, the history table,
// SOURCE_DATE_EPOCH, a depfile to extend.
class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A fault of Strata itself (a template that does not render, an empty statement handed to the
// writer), never of the user's input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace strata

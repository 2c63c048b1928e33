// `migrator adopt`: takes over a database whose schema another tool built (Alembic, until now,
// with its `alembic_version` table) and that has no Strata history yet. The live schema is
// compared with the embedded head snapshot by the drift check (runner/drift_check.hpp): when they
// are equal the history is stamped at head, else nothing is changed and the differences are
// returned. Under the migration advisory lock.
#pragma once

#include <optional>
#include <string>

#include <pqxx/connection>

#include "runner/drift_check.hpp"
#include "runner/executor.hpp"
#include "runner/planner.hpp"

namespace strata {

struct AdoptResult {
  DriftReport drift;                           // not empty: nothing was changed
  std::optional<std::string> alembic_version;  // its rows ("a1b2c3"), when the table exists
  bool dropped_alembic_version = false;
  bool adopted() const { return drift.empty(); }
};

// Throws HistoryError when the history table already records a revision (stamp or upgrade is the
// tool then) or when the chain has no revision. With `drop_alembic_version`, the
// `alembic_version` table (found by the search path, as Alembic does) is dropped in the
// transaction that writes the history.
AdoptResult run_adopt(pqxx::connection& connection, const RevisionChain& chain, bool drop_alembic_version,
                      const ExecutorOptions& options);

}  // namespace strata

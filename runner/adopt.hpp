// `migrator adopt`: takes over a database whose schema another tool built (Alembic, until now,
// with its `alembic_version` table) and that has no Strata history yet. The live schema is
// compared with the embedded head snapshot by the drift check (runner/drift_check.hpp): when they
// are equal the history is stamped at head, else nothing is changed and the differences are
// returned. Under the migration advisory lock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// Alembic's version table: `version_table` (and `version_table_schema`) of its env.py.
inline constexpr std::string_view kAlembicVersionTable = "alembic_version";

// Throws HistoryError when the history table already records a revision (stamp or upgrade is the
// tool then) or when the chain has no revision. Besides the drift check, a table in the
// snapshot's schemas that the models do not have is a difference (dropping it is the SQL that
// makes the schema match), except the history table and Alembic's version table: a database
// Strata takes over holds only what its models own. With `drop_alembic_version`, the version
// table `alembic_version_table` ("name", found by the search path as Alembic does, or
// "schema.name") is dropped in the transaction that writes the history.
AdoptResult run_adopt(pqxx::connection& connection, const RevisionChain& chain, bool drop_alembic_version,
                      const ExecutorOptions& options, std::string_view alembic_version_table = kAlembicVersionTable);

}  // namespace strata

// Drift: how the live schema of a database differs from what the models expect (the embedded
// snapshot at head), as the operations that would bring the database in line, and their SQL.
#pragma once

#include <pqxx/connection>
#include <string>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"
#include "core/postgres_dialect.hpp"
#include "core/unmanaged_patterns.hpp"
#include "strata/revision.hpp"

namespace strata {

struct DriftReport {
  std::vector<Operation> operations;  // live -> expected, in diff() order
  std::vector<Statement> statements;  // render(operations)
  bool empty() const { return operations.empty(); }
  // The statements as a script, for `migrator check` to print.
  std::string sql() const { return render_script(statements); }
};

// Compares the live schemas named in `expected` with `expected`. Only what the models own is
// compared: the tables of `expected` (a missing one, and extra, missing or different columns,
// keys, constraints, indexes and comments of one) and its enums; other tables in the same
// schemas (the migrator's history table, another application's tables) are ignored. A missing
// schema is reported. Defaults and check expressions are compared in the server's spelling
// (normalize_expressions()), so PostgreSQL's rewriting of them is not drift.
// Views, functions and triggers are compared in the server's spelling (sql_object_catalog.hpp);
// one in a compared schema that the models do not have is reported.
// What `unmanaged` matches is left out on both sides: never reported, never dropped.
// The connection must have no transaction open; the check changes nothing.
DriftReport check_drift(pqxx::connection& connection, const ModelGraph& expected,
                        const UnmanagedPatterns& unmanaged = {});

// The registry's UNMANAGED patterns, then `extra` (`migrator check --ignore`).
UnmanagedPatterns unmanaged_patterns(const Registry& registry, const std::vector<std::string>& extra = {});

}  // namespace strata

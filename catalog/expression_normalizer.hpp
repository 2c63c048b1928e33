// PostgreSQL stores defaults and check constraints as parsed trees and prints them back in its
// own spelling ('active' becomes 'active'::text, `x>0 AND y<>''` gains casts and spacing), so a
// model's expressions cannot be compared with a live database's as written. The server itself
// is the only sound normalizer: the model's defaults, checks and policies are given to temp tables, read
// back with the inspector's catalog queries, and the server's spelling is substituted. The temp
// tables are few whatever the number of model tables (DDL writes the catalog, a cost per table):
// each distinct (column type, default) pair is one column of a wide table, and each distinct
// table shape with checks (its columns' names and types, its checks) one table.
#pragma once

#include <pqxx/connection>
#include <pqxx/dbtransaction>

#include "core/model_graph.hpp"

namespace strata {

// `graph` with every column default and check expression in the server's spelling (the form
// inspect_schemas() reads). Runs in its own transaction, always rolled back: nothing persists.
// An expression the server rejects (it names a missing enum, function or column) stays as written,
// so it shows as a difference instead of hiding one. The connection must have no transaction open.
ModelGraph normalize_expressions(pqxx::connection& connection, const ModelGraph& graph);

// Runs `sql` in a savepoint of `tx`: false (and the savepoint rolled back) when the server rejects
// it, which is how a probe that does not apply is told from one that does.
bool try_exec_in_savepoint(pqxx::dbtransaction& tx, const std::string& sql);

// The same inside the caller's transaction, through savepoints; the temp tables it creates are
// dropped again before it returns.
ModelGraph normalize_expressions(pqxx::dbtransaction& tx, const ModelGraph& graph);

}  // namespace strata

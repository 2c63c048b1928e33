// SQL objects (views, functions, triggers) as the server has them, for `migrator check`.
//
// A definition is read back in the server's spelling: "VIEW <schema>.<name> AS\n" and
// pg_get_viewdef, "FUNCTION <schema>.<name>(<arguments>)\n" and pg_get_functiondef after its
// first line, "TRIGGER <name> " and pg_get_triggerdef after the name. A model's definition gets
// the same spelling by creating the object under a probe name (views and functions in pg_temp,
// triggers on a pg_temp copy of their table's columns) in a transaction that is rolled back, and
// reading that back.
#pragma once

#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "core/model_graph.hpp"

namespace strata {

// Adds to `live` the views and functions of `schemas` that no extension owns, and the triggers
// (not internal ones) on the tables `live` holds. The connection must have no transaction open.
void inspect_sql_objects(pqxx::connection& connection, const std::vector<std::string>& schemas, ModelGraph& live);
// The same within `tx` (import reads the whole catalog in one snapshot).
void inspect_sql_objects(pqxx::transaction_base& tx, const std::vector<std::string>& schemas, ModelGraph& live);

// The catalog has no dependencies to read: `live`'s SQL objects take those of the same objects of
// `expected`, so that only definitions are compared.
void take_dependencies(ModelGraph& live, const ModelGraph& expected);

// `graph` with every SQL object's definition in the server's spelling. Changes nothing (one
// transaction, rolled back) and takes no lock a writer waits for; a definition the server rejects
// stays as written, so it shows as a difference. The connection must have no transaction open.
ModelGraph normalize_sql_objects(pqxx::connection& connection, const ModelGraph& graph);

}  // namespace strata

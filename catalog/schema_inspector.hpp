// Reads the live schema of a database back into a ModelGraph, from pg_catalog.
//
// A fixed number of catalog queries covers all requested schemas at once (not a query per
// table), so the time per table stays flat as schemas grow. Types are spelled the way the graph
// spells them (format_type(), enum types as "\"schema\".\"name\""); defaults and check
// expressions are the server's deparsed form (pg_get_expr, pretty), which is what
// normalize_expressions() turns a model's expressions into.
#pragma once

#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

// Tables (ordinary and partitioned, not partitions), columns in attnum order, NOT NULL, defaults,
// identity, comments, primary key, unique and check constraints, foreign keys, indexes that do
// not back a constraint, row security (enabled and forced) and policies, and enums of `schemas`. A requested schema that exists appears in the
// result even when empty; one that does not exist is absent. `ignore_tables` holds qualified
// names ("public.strata_history") of tables to leave out. The result is canonicalized. On a Citus
// coordinator, each table's distribution is read from pg_dist_partition (colocation spelled by
// name_colocation_by_group()) and the shards this node holds are left out, whether Citus hides
// them from pg_class or not.
//
// The connection overload runs in its own read-only REPEATABLE READ transaction (one consistent
// snapshot), so the connection must have no transaction open; the other reads through `tx`.
ModelGraph inspect_schemas(pqxx::connection& connection, const std::vector<std::string>& schemas,
                           const std::vector<std::string>& ignore_tables = {});
ModelGraph inspect_schemas(pqxx::transaction_base& tx, const std::vector<std::string>& schemas,
                           const std::vector<std::string>& ignore_tables = {});

// The INVALID indexes of `schemas` (left by a CREATE INDEX CONCURRENTLY that failed or was
// killed), which inspect_schemas() leaves out: drift, to be dropped and built again.
std::vector<DropIndex> invalid_indexes(pqxx::connection& connection, const std::vector<std::string>& schemas);

// SET LOCAL jit = off for the rest of `tx`. Catalog queries never gain from JIT compilation,
// which costs hundreds of ms on its own once the planner's estimates of these joins cross
// jit_above_cost (as the catalog grows); the connection overload above does this itself.
void turn_off_jit(pqxx::transaction_base& tx);

}  // namespace strata

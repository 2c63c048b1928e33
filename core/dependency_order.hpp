// The ordering phase of diff(): tables in foreign-key dependency order, so that a table is
// created after (and dropped before) the tables it references. Planning the order is kept apart
// from deciding what changes, as Atlas's sqlx/plan.go keeps it.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <vector>

#include "core/model_graph.hpp"
#include "core/table_key.hpp"

namespace strata {

// `tables` of `graph` in foreign-key dependency order (Kahn's algorithm): a table comes after
// the tables of the set it references; among the ready ones the smallest (schema, name) goes
// first; a cycle is broken at its smallest table. Self-references and tables outside the set
// impose nothing.
std::vector<TableKey> dependency_order(const ModelGraph& graph, const std::set<TableKey>& tables);

// Each table of `order` -> its index in `order`.
std::map<TableKey, std::size_t> positions_in(const std::vector<TableKey>& order);

}  // namespace strata

#include "core/dependency_order.hpp"

namespace strata {

// Kept linear on large models: each table counts the distinct other tables of the set it still
// waits for, and the ready ones wait in name order.
std::vector<TableKey> dependency_order(const ModelGraph& graph, const std::set<TableKey>& tables) {
  std::map<TableKey, std::size_t> waits_for;                // table -> other remaining tables it references
  std::map<TableKey, std::vector<TableKey>> referenced_by;  // table -> tables of the set waiting for it
  for (const TableKey& key : tables) {
    std::set<TableKey> refs;
    for (const ForeignKey& fk : graph.find_table(key.first, key.second)->foreign_keys) {
      const TableKey ref{fk.ref_schema, fk.ref_table};
      if (ref != key && tables.count(ref)) refs.insert(ref);
    }
    waits_for[key] = refs.size();
    for (const TableKey& ref : refs) referenced_by[ref].push_back(key);
  }
  std::set<TableKey> remaining = tables;
  std::set<TableKey> ready;
  for (const auto& [key, count] : waits_for)
    if (count == 0) ready.insert(key);
  std::vector<TableKey> order;
  while (!remaining.empty()) {
    const TableKey next = ready.empty() ? *remaining.begin() : *ready.begin();
    order.push_back(next);
    remaining.erase(next);
    ready.erase(next);
    for (const TableKey& waiting : referenced_by[next])
      if (remaining.count(waiting) && --waits_for[waiting] == 0) ready.insert(waiting);
  }
  return order;
}

std::map<TableKey, std::size_t> positions_in(const std::vector<TableKey>& order) {
  std::map<TableKey, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
  return position;
}

}  // namespace strata

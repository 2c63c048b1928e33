// Online mode (DESIGN.md, "Online mode"): which operations of a plan change a table that already
// holds rows, which of those online mode refuses (with the expand/contract recipe), and the
// plan's SQL with those operations in their online form (render_online()).
#pragma once

#include <string>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"
#include "core/operation_risk.hpp"
#include "core/postgres_dialect.hpp"

namespace strata {

// One flag per operation of `ops` run on `from`: true when it changes a table that exists in
// `from` (not one the plan creates, nor one it drops).
std::vector<bool> changes_existing_table(const std::vector<Operation>& ops, const ModelGraph& from);

// What online mode refuses, one per refused operation: a type change that rewrites an existing
// table, a rename of an existing table or of one of its columns (the running application still
// uses the old name). Each message names the change and prints the expand/contract recipe.
struct OnlineRefusal {
  std::size_t operation = 0;  // its index in `ops`
  std::string message;
  bool operator==(const OnlineRefusal&) const = default;
};
std::vector<OnlineRefusal> online_refusals(const std::vector<Operation>& ops, const ModelGraph& from);

// assess(ops, from) for the online form: the lock warnings of the operations whose online form
// takes no long lock (indexes, unique, primary key, check, foreign key) are left out.
std::vector<std::vector<Risk>> assess_online(const std::vector<Operation>& ops, const ModelGraph& from);

// render_each(ops) with every operation on an existing table in its online form, and every index
// built concurrently.
std::vector<std::vector<Statement>> render_each_online(const std::vector<Operation>& ops, const ModelGraph& from);

}  // namespace strata

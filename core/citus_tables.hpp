// Which revisions touch Citus tables (distributed or reference): those run in Citus's
// sequential shard-modify mode (DESIGN.md, "Scale-out"; see citus_sequential_mode()).
#pragma once

#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

// True when one of `ops` distributes or undistributes a table, or changes a table that is a
// Citus table in `before` (the parent's graph) or in `after` (the revision's).
bool touches_citus_tables(const std::vector<Operation>& ops, const ModelGraph& before, const ModelGraph& after);

}  // namespace strata

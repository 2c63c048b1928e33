// The Citus model rules (DESIGN.md, "Scale-out"): what create_distributed_table,
// create_reference_table and Citus's foreign-key checks would refuse at deploy, refused at
// generate time instead, located like every model error; and how colocation is spelled when a
// live database is compared with the models.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"

namespace strata {

// Errors of the distributed and reference tables of `graph`; empty when it has none.
std::vector<Diagnostic> validate_distribution(const ModelGraph& graph, const SourceMap& locations);

// A database knows colocation groups, not which table a model named: each distributed table's
// colocate_with becomes the first other table (by qualified name) of its group (`group_of` names
// the group of a distributed table), or empty when it is alone.
void name_colocation_by_group(ModelGraph& graph,
                              const std::function<std::string(const std::string& schema, const Table&)>& group_of);

// For comparing `live` (named as above) with `expected` (the models): a live table colocated with
// the table its model names takes that name; one whose model names none (Citus's default
// colocation) takes none. What remains different is colocation drift.
void spell_colocation_as(ModelGraph& live, const ModelGraph& expected);

}  // namespace strata

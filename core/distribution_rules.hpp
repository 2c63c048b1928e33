// The Citus model rules (DESIGN.md, "Scale-out"): what create_distributed_table,
// create_reference_table and Citus's foreign-key checks would refuse at deploy, refused at
// generate time instead, located like every model error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"

namespace strata {

// Errors of the distributed and reference tables of `graph`; empty when it has none.
std::vector<Diagnostic> validate_distribution(const ModelGraph& graph, const SourceMap& locations);

// Whether two distributed tables share their shards' placement (Citus colocation): the same
// explicit STRATA_COLOCATE_WITH chain, else Citus's default group of their distribution column's type.
bool colocated(const ModelGraph& graph, const std::string& schema_a, const Table& a, const std::string& schema_b,
               const Table& b);

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

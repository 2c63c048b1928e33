// Model rules that need the whole graph (DESIGN.md, "Type mapping" and "Also errors"): references
// between tables, keys, names shared across a schema, identifier lengths, rename hints.
//
// Rules a single declaration can decide (C++ types, annotation syntax, duplicate declarations)
// belong to the scanner, which knows the declaration; these checks serve any graph.
#pragma once

#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"

namespace strata {

// Errors (and the warning for an unindexed foreign key) of `graph`, located through `locations`
// ("schema.table", "schema.table.column", "schema.enum"), in source order. Empty for a valid graph.
std::vector<Diagnostic> validate(const ModelGraph& graph, const SourceMap& locations, const RenameHints& renames);

// Stable sort by file, line, column; diagnostics without a location go last.
void sort_in_source_order(std::vector<Diagnostic>& diagnostics);

}  // namespace strata

// ER diagrams of a model graph for `strata-gen inspect --format dot|mermaid`: the schema as a
// person reads it, rather than the snapshot JSON. Output is deterministic (canonical order).
#pragma once

#include <string>

#include "core/model_graph.hpp"

namespace strata {

// Graphviz dot: a cluster per schema holding one HTML-like table node per table (column, type,
// PK/FK/UQ/NULL markers) and one node per enum (its labels); FK edges run from the FK column to
// the referenced column with crow's-foot ends; dashed lines tie enum-typed columns to their enum.
// Tables referenced but not in the graph appear as dashed boxes; views are rounded dashed boxes
// with dotted edges to the tables and views they read.
std::string render_dot(const ModelGraph& graph);

// Mermaid `erDiagram`: an entity per table named schema__table, attributes with mermaid-safe type
// tokens ("timestamp with time zone" -> timestamp_with_time_zone) and PK/FK/UK keys, nullable
// columns commented "nullable"; relationships `}o--||` (`}o--o|` when an FK column is nullable)
// labelled with the FK column(s). Mermaid has no enums nor views; they are listed as %% comments.
std::string render_mermaid(const ModelGraph& graph);

}  // namespace strata

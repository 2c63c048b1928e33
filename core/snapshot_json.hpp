// The snapshot as a JSON value, for a format that embeds a graph without its text (the
// generator's scan cache keeps it as MessagePack): the shape of core/snapshot.hpp, read as
// strictly.
#pragma once

#include <nlohmann/json.hpp>

#include "core/model_graph.hpp"
#include "core/snapshot.hpp"

namespace strata {

// write_snapshot's document before it is printed.
nlohmann::json snapshot_json(const ModelGraph& graph);

// read_snapshot of a document already parsed; throws SnapshotError naming the JSON path.
ModelGraph graph_from_snapshot_json(const nlohmann::json& document);

}  // namespace strata

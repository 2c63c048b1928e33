// The canonical snapshot: a ModelGraph as JSON with sorted keys and stable order, so that equal
// graphs give byte-identical text and a snapshot diff in review reads as the schema change.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/model_graph.hpp"

namespace strata {

inline constexpr int kSnapshotFormatVersion = 1;

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Canonical JSON text, ending in a newline. The graph is canonicalized first.
std::string write_snapshot(const ModelGraph& graph);

// Parses a snapshot written by write_snapshot (any format version up to the current one);
// throws SnapshotError naming what is wrong. read_snapshot(write_snapshot(g)) == g.
ModelGraph read_snapshot(std::string_view json_text);

// Hex SHA-256 of write_snapshot(graph): the hash a revision records.
std::string snapshot_hash(const ModelGraph& graph);

}  // namespace strata

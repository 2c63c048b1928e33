// `strata-gen merge` (DESIGN.md, "Team and lifecycle commands"): after branches each added
// revisions on one parent, one chain again. The branch whose first revision was created first
// (earlier .created_at, ties by id) stays as it is; the others follow its head, in the same order,
// renumbered after the highest number in use and re-parented, their SQL and hooks kept, each
// recording its former id in `.replaces` so that a database that applied it under that id goes
// on (runner/planner.hpp). snapshot.json must hold every branch's changes (git merges it line by
// line); it becomes the head's snapshot, and strata.sum and the registry are rebuilt.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "generator/writer/revision_writer.hpp"

namespace strata {

struct MergeResult {
  std::string kept;                                            // first revision of the branch kept
  std::vector<std::pair<std::string, std::string>> renumbered;  // former id -> new id, in chain order
  std::string head;
};

// Throws MigrationSetError, leaving the directory as it was, when there is nothing to merge (one
// head), when the revisions have other problems (a missing parent, a duplicate, forks at several
// revisions), or when snapshot.json cannot be read or is one branch's head snapshot while
// another branch changed the schema.
MergeResult merge_heads(const MigrationSetConfig& config);

}  // namespace strata

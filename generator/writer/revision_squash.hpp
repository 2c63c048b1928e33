// `strata-gen squash --upto REV` (DESIGN.md, "Team and lifecycle commands"): the revisions from
// the first up to REV become one baseline revision. The baseline keeps REV's id, so the
// revisions after it keep their files (and the checksums databases recorded for them); its
// `.replaces` lists the ids it stands for, so that a database at REV or later goes on and one
// inside the range is refused (runner/planner.hpp). Its up SQL is the range's up SQL in order,
// its down SQL the range's down SQL in reverse, hand edits included, each under a
// `-- squashed from <id>` line. C++ hooks: REV's after_upgrade and before_downgrade run where they
// ran before (after all the up SQL, before all the down SQL) and are kept; any other hook in the
// range would run at another point, so the squash refuses it.
#pragma once

#include <string>
#include <vector>

#include "generator/writer/revision_writer.hpp"

namespace strata {

struct SquashResult {
  std::string baseline;               // REV's id
  std::vector<std::string> replaced;  // the ids the baseline stands for, oldest first
};

// `upto`: a revision id or a unique prefix of one ("0042"). Throws MigrationSetError, leaving the
// directory as it was, when the directory does not load or strata.sum reports a problem, when
// `upto` names no revision or the first one (nothing to squash), or when a hook of the range
// cannot be kept.
SquashResult squash_revisions(const MigrationSetConfig& config, const std::string& upto);

}  // namespace strata

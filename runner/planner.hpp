// The planner: the registry's revisions as one validated chain, the database's position on it
// (from the history rows), and the ordered steps that move it to a target. Pure: no database.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/history_table.hpp"
#include "strata/revision.hpp"

namespace strata {

// The revisions of a registry, base first, validated: exactly one head, every parent present,
// no duplicate ids, no cycles. A position on the chain is a count of applied revisions: 0 is
// base, size() is head, and revision at(i) is the last applied one at position i + 1.
class RevisionChain {
 public:
  // Throws HistoryError naming every problem core/revision_graph finds.
  explicit RevisionChain(const Registry& registry);

  const Registry& registry() const { return *registry_; }
  std::size_t size() const { return revisions_.size(); }
  const Revision& at(std::size_t index) const { return *revisions_[index]; }
  // The id of the last applied revision at `position`; "" for base.
  std::string_view id_at(std::size_t position) const;
  std::string_view head_id() const { return id_at(size()); }
  std::optional<std::size_t> index_of(std::string_view id) const;

  // "head", "base", a revision id or a unique prefix of one ("0003") -> the position it names.
  // Throws TargetError for an unknown or ambiguous revision.
  std::size_t resolve(std::string_view target) const;

 private:
  const Registry* registry_;
  std::vector<const Revision*> revisions_;
};

// "base" for position 0, else the id of the last applied revision there.
std::string position_name(const RevisionChain& chain, std::size_t position);

// The revisions no other revision names as parent, in registry order, without validating the
// rest: what `heads` lists even when there are several.
std::vector<std::string> registry_heads(const Registry& registry);

// The ids of RevisionInfo::replaces, oldest first.
std::vector<std::string_view> replaced_ids(const RevisionInfo& info);

// Per chain index, the history rows that stand for a revision with RevisionInfo::replaces and
// that a writing command rewrites into the revision's own row: the rows of the ids it replaces
// (the history records the last of them), plus its own id when that row still holds the checksum
// of the revision it replaced (a squash baseline keeps the range's last id). Empty for a revision
// the history records as itself, or not at all. Throws HistoryError for a history that records
// only part of a replaced range (a database inside a squashed range), saying what to do.
std::vector<std::vector<std::string>> rows_to_rerecord(const RevisionChain& chain,
                                                       const std::vector<HistoryRow>& history);

// The database's position on the chain, from its history rows. Throws HistoryError for a row this
// migrator does not know or a gap (a revision applied without its parent), ChecksumError for an
// applied revision whose checksum changed (checksums_match()). A revision partly upgraded
// (partial_step > 0) is not applied and must be the next one; one partly downgraded
// (partial_step < 0) is still applied and must be the last one. Their checksums are not compared:
// a failed part is fixed by editing the revision, and the run resumes with the edited text.
// A revision recorded under the ids it replaces (rows_to_rerecord) counts as applied, and is the
// one kind of revision that may follow a gap: a branch `strata-gen merge` renumbered after the
// other, applied before it. The position is then the first revision not applied.
std::size_t applied_position(const RevisionChain& chain, const std::vector<HistoryRow>& history);

// The row of a revision left part-way by a killed or failed run, if any.
const HistoryRow* partial_row(const std::vector<HistoryRow>& history);

// A recorded checksum against the compiled-in one (Revision::checksum, "<up>:<down>:<hooks>"). A
// value recorded by a release that hashed the up SQL only (64 hex digits, no ':') matches when
// the up SQL is unchanged; the writing commands then record the full value (see executor.hpp).
bool checksums_match(std::string_view recorded, std::string_view compiled);

enum class Direction { Up, Down };

struct PlanStep {
  const Revision* revision = nullptr;
  Direction direction = Direction::Up;
  // Not empty: the revision is applied already, recorded under these rows (rows_to_rerecord);
  // the step runs no SQL and only rewrites them into the revision's own row.
  std::vector<std::string> rerecord = {};
};

// The steps, in execution order, that move the database from position `from` to `to`.
struct Plan {
  Direction direction = Direction::Up;
  std::size_t from = 0;
  std::size_t to = 0;
  std::vector<PlanStep> steps;
};

// upgrade: "head", a revision (exact or unique prefix) or "+N". A target behind the current
// position, or +N past head, throws TargetError. `rerecord` (rows_to_rerecord) marks the steps
// of revisions applied already under the ids they replace.
Plan plan_upgrade(const RevisionChain& chain, std::size_t current, std::string_view target,
                  const std::vector<std::vector<std::string>>& rerecord = {});
// downgrade: "base", a revision (stays applied) or "-N". A target ahead of the current position,
// or -N past base, throws TargetError.
Plan plan_downgrade(const RevisionChain& chain, std::size_t current, std::string_view target);

}  // namespace strata

// The revisions of a migration set as a graph of (id, parent) links: one order, parent before
// child, or the typed problems that prevent it. strata-gen (files on disk) and the migrator (the
// compiled-in registry) both check their chain here, so both say the same thing in the same words;
// merge and squash build on it.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace strata {

struct RevisionLink {
  std::string id;
  std::string parent;  // "" for a first revision
};

// Two links with one id.
struct DuplicateRevision {
  std::string id;
};
// A parent that no link has as id.
struct MissingParent {
  std::string id;
  std::string parent;
};
// Several revisions with one parent ("" for several first revisions): several heads.
struct SeveralHeads {
  std::string parent;
  std::vector<std::string> children;  // in id order
};
// A revision that cannot be reached from the first one: its own parent, or in a loop. Reported
// only when nothing else is wrong (a missing parent or several heads also leave revisions
// unreachable, and those are the problem to fix).
struct RevisionCycle {
  std::string id;
  std::string parent;
};

using RevisionProblem = std::variant<DuplicateRevision, MissingParent, SeveralHeads, RevisionCycle>;

// The one wording of a problem, e.g. "several heads: 0003_a and 0003_b both have parent 0002_x;
// merge them with `strata-gen merge` ...". No location: callers put the file or registry in front.
std::string describe(const RevisionProblem& problem);
// The revision a problem is best reported at (the later child for several heads).
const std::string& reported_revision(const RevisionProblem& problem);

struct RevisionGraph {
  std::vector<std::string> order;  // parent before child, from the first revision while it is unambiguous
  std::vector<std::string> heads;  // ids no link names as parent, in input order
  std::vector<RevisionProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Orders `links` (any order); problems come out in a stable order (duplicates, missing parents,
// several heads, cycles; each by id).
RevisionGraph order_revisions(const std::vector<RevisionLink>& links);

}  // namespace strata

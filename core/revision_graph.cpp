#include "core/revision_graph.hpp"

#include <map>
#include <set>

namespace strata {
namespace {

// "a", "a and b", "a, b and c".
std::string listed(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += ids[i];
  }
  return out;
}

struct Describe {
  std::string operator()(const DuplicateRevision& p) const { return "revision " + p.id + " appears twice"; }
  std::string operator()(const MissingParent& p) const {
    return "revision " + p.id + " has parent " + p.parent + ", which does not exist";
  }
  std::string operator()(const SeveralHeads& p) const {
    const std::string relation = p.children.size() == 2 ? "both" : "all";
    return "several heads: " + listed(p.children) + " " + relation +
           (p.parent.empty() ? " have no parent" : " have parent " + p.parent) +
           "; merge them with `strata-gen merge` (it keeps the branch created first and renumbers the others "
           "after its head)";
  }
  std::string operator()(const RevisionCycle& p) const {
    if (p.id == p.parent) return "revision " + p.id + " is its own parent";
    return "revision " + p.id + " is not reachable from the first revision (parent " + p.parent +
           " leads into a cycle)";
  }
};

struct Reported {
  const std::string& operator()(const DuplicateRevision& p) const { return p.id; }
  const std::string& operator()(const MissingParent& p) const { return p.id; }
  const std::string& operator()(const SeveralHeads& p) const { return p.children.back(); }
  const std::string& operator()(const RevisionCycle& p) const { return p.id; }
};

}  // namespace

std::string describe(const RevisionProblem& problem) { return std::visit(Describe{}, problem); }

const std::string& reported_revision(const RevisionProblem& problem) { return std::visit(Reported{}, problem); }

RevisionGraph order_revisions(const std::vector<RevisionLink>& links) {
  RevisionGraph graph;
  std::map<std::string_view, std::string_view> parent_of;  // id -> parent, first link of each id
  std::set<std::string> duplicates;
  for (const RevisionLink& link : links)
    if (!parent_of.emplace(link.id, link.parent).second) duplicates.insert(link.id);
  for (const std::string& id : duplicates) graph.problems.push_back(DuplicateRevision{id});

  std::map<std::string_view, std::vector<std::string>> children;  // parent -> ids, sorted
  std::set<std::string_view> parents;
  for (const auto& [id, parent] : parent_of) {
    parents.insert(parent);
    if (parent == id) continue;  // its own parent: a cycle, reported below
    if (!parent.empty() && !parent_of.contains(parent)) {
      graph.problems.push_back(MissingParent{std::string(id), std::string(parent)});
      continue;
    }
    children[parent].emplace_back(id);
  }
  for (const RevisionLink& link : links)
    if (!parents.contains(link.id)) graph.heads.push_back(link.id);
  for (const auto& [parent, ids] : children)
    if (ids.size() > 1) graph.problems.push_back(SeveralHeads{std::string(parent), ids});

  std::set<std::string_view> visited;
  for (std::string_view parent; children.contains(parent) && children[parent].size() == 1;) {
    const std::string& id = children[parent].front();
    if (!visited.insert(id).second) break;
    graph.order.push_back(id);
    parent = id;
  }
  if (graph.problems.empty())
    for (const auto& [id, parent] : parent_of)
      if (!visited.contains(id)) graph.problems.push_back(RevisionCycle{std::string(id), std::string(parent)});
  return graph;
}

}  // namespace strata

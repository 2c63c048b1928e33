#include "generator/writer/revision_merge.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/joined.hpp"
#include "core/revision_graph.hpp"
#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/revision_id.hpp"
#include "generator/writer/revision_source_edit.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {
namespace {

// The revision sources of the directory by id, read without requiring one chain.
std::map<std::string, RevisionOnDisk> read_revisions(const MigrationDirectory& files) {
  std::map<std::string, RevisionOnDisk> revisions;
  std::vector<std::string> problems;
  for (const std::string& name : files.names()) {
    if (!name.ends_with(".cpp") || !is_revision_id(name.substr(0, name.size() - 4))) continue;
    const std::string file = (files.path() / name).string();
    try {
      RevisionOnDisk revision = parse_revision_source(files.content(name), file);
      revisions.emplace(revision.id, std::move(revision));
    } catch (const MigrationSetError& error) {
      problems.insert(problems.end(), error.problems().begin(), error.problems().end());
    }
  }
  if (!problems.empty()) throw MigrationSetError(std::move(problems));
  return revisions;
}

struct Fork {
  std::string parent;                             // "" for several first revisions
  std::vector<std::vector<std::string>> branches;  // each parent before child, the kept one first
};

Fork find_fork(const std::filesystem::path& dir, const std::map<std::string, RevisionOnDisk>& revisions) {
  std::vector<RevisionLink> links;
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [id, revision] : revisions) {
    links.push_back({id, revision.parent});
    children[revision.parent].push_back(id);
  }
  const RevisionGraph graph = order_revisions(links);
  std::vector<const SeveralHeads*> forks;
  std::vector<std::string> problems;
  for (const RevisionProblem& problem : graph.problems) {
    if (const auto* fork = std::get_if<SeveralHeads>(&problem))
      forks.push_back(fork);
    else
      problems.push_back((dir / revision_source_file(reported_revision(problem))).string() + ": " + describe(problem));
  }
  if (!problems.empty()) throw MigrationSetError(std::move(problems));
  if (forks.empty())
    throw MigrationSetError({dir.string() + ": one head (" + (graph.heads.empty() ? "none" : graph.heads.front()) +
                             "): nothing to merge"});
  if (forks.size() > 1) {
    std::vector<std::string> parents;
    for (const SeveralHeads* fork : forks) parents.push_back(fork->parent.empty() ? "base" : fork->parent);
    throw MigrationSetError({dir.string() + ": the revisions fork at " + joined(parents, " and ") +
                             "; merge branches that fork at one revision: strata-gen merge takes one fork"});
  }
  Fork fork{forks.front()->parent, {}};
  for (const std::string& first : forks.front()->children) {
    std::vector<std::string> branch{first};
    for (auto next = children.find(branch.back()); next != children.end(); next = children.find(branch.back()))
      branch.push_back(next->second.front());  // one child each: a second fork was refused above
    fork.branches.push_back(std::move(branch));
  }
  std::sort(fork.branches.begin(), fork.branches.end(), [&](const auto& a, const auto& b) {
    const RevisionOnDisk& first_a = revisions.at(a.front());
    const RevisionOnDisk& first_b = revisions.at(b.front());
    return std::tie(first_a.created_at, first_a.id) < std::tie(first_b.created_at, first_b.id);
  });
  return fork;
}

// The merged snapshot: snapshot.json as the version-control merge left it, which must hold every
// branch's changes. Taking one side of a conflict would drop the other branch's changes from the
// snapshot while its SQL stays in the chain: the next generate would write them twice.
std::string merged_snapshot(const MigrationDirectory& files, const Fork& fork,
                            const std::map<std::string, RevisionOnDisk>& revisions) {
  const std::string file = (files.path() / kSnapshotFileName).string();
  std::string canonical;
  try {
    canonical = write_snapshot(read_snapshot(files.content(kSnapshotFileName)));
  } catch (const std::exception& error) {
    throw MigrationSetError({file + ": " + error.what() +
                             "; after a merge it must hold the changes of every branch: resolve its conflicts "
                             "by keeping both sides, then run strata-gen merge"});
  }
  const std::string hash = sha256_hex(canonical);
  const std::string parent_hash =
      fork.parent.empty() ? sha256_hex(write_snapshot(ModelGraph{})) : revisions.at(fork.parent).snapshot_hash;
  for (const auto& only : fork.branches) {
    if (revisions.at(only.back()).snapshot_hash != hash || hash == parent_hash) continue;
    for (const auto& other : fork.branches)
      if (other != only && revisions.at(other.back()).snapshot_hash != parent_hash)
        throw MigrationSetError({file + ": the snapshot of " + only.back() + " alone; the changes of " +
                                 other.back() + " are missing from it. Merge both branches' snapshot.json (keep "
                                 "both sides of each conflict), then run strata-gen merge"});
  }
  return canonical;
}

// Revision files edited since strata.sum recorded them: merge rewrites strata.sum, so an edit
// nobody accepted with `strata-gen hash` would pass unseen. After a version-control merge
// strata.sum holds one side's lines, or both sides' (conflict markers and all): a file is checked
// against every line that names it; a file no line names is another branch's, new to this sum.
void refuse_unrecorded_edits(const MigrationDirectory& files) {
  if (!files.contains(kSumFileName)) return;
  std::map<std::string, std::vector<std::string>, std::less<>> recorded;
  for (SumEntry& entry : recorded_entries(files.content(kSumFileName)))
    recorded[entry.file].push_back(std::move(entry.sha256));
  std::vector<std::string> problems;
  for (const std::string& name : files.names()) {
    const auto hashes = recorded.find(name);
    if (name == kSnapshotFileName || hashes == recorded.end()) continue;
    if (std::find(hashes->second.begin(), hashes->second.end(), files.sha256(name)) == hashes->second.end())
      problems.push_back((files.path() / name).string() +
                         ": edited since strata.sum recorded it; restore the recorded version, merge, then make "
                         "the edit again and accept it with strata-gen hash");
  }
  if (!problems.empty()) throw MigrationSetError(std::move(problems));
}

}  // namespace

MergeResult merge_heads(const MigrationSetConfig& config) {
  const std::filesystem::path& dir = config.migrations_dir;
  const DirectoryLock lock(dir);
  remove_stale_staging(dir);
  const MigrationDirectory files = MigrationDirectory::read(dir);
  refuse_unrecorded_edits(files);
  const std::map<std::string, RevisionOnDisk> revisions = read_revisions(files);
  const Fork fork = find_fork(dir, revisions);
  const std::string snapshot_json = merged_snapshot(files, fork, revisions);

  int next = 0;
  for (const auto& [id, revision] : revisions) next = std::max(next, *revision_number(id));
  MergeResult result{fork.branches.front().front(), {}, {}};
  std::map<std::string, std::string> renames;
  for (std::size_t b = 1; b < fork.branches.size(); ++b)
    for (const std::string& id : fork.branches[b]) {
      renames.emplace(id, make_revision_id(++next, id.substr(5)));
      result.renumbered.emplace_back(id, renames.at(id));
    }
  result.head = result.renumbered.back().second;

  {
    DirectoryTransaction transaction(dir, lock);
    std::string parent = fork.branches.front().back();
    for (std::size_t b = 1; b < fork.branches.size(); ++b) {
      for (std::size_t i = 0; i < fork.branches[b].size(); ++i) {
        const std::string& id = fork.branches[b][i];
        const std::string& new_id = renames.at(id);
        std::string source = with_ids_renamed(files.content(revision_source_file(id)), renames);
        std::string up = with_ids_renamed(files.content(up_sql_file(id)), renames);
        std::string down = with_ids_renamed(files.content(down_sql_file(id)), renames);
        if (i == 0) {
          source = with_parent(source, parent);
          up = with_sql_parent(up, parent);
          down = with_sql_parent(down, parent);
        }
        source = with_replaces(source, id, (dir / revision_source_file(id)).string());
        if (new_id == result.head) source = with_snapshot_hash(source, sha256_hex(snapshot_json));
        for (const std::string& name : {revision_source_file(id), up_sql_file(id), down_sql_file(id)})
          transaction.remove(name);
        transaction.write(revision_source_file(new_id), source);
        transaction.write(up_sql_file(new_id), up);
        transaction.write(down_sql_file(new_id), down);
      }
      parent = renames.at(fork.branches[b].back());
    }
    transaction.write(kSnapshotFileName, snapshot_json);
    RevisionWriter(config).commit_rewrite(transaction, lock);
  }
  return result;
}

}  // namespace strata

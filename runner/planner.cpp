#include "runner/planner.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/joined.hpp"
#include "core/revision_graph.hpp"
#include "core/split.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

// "+3" / "-2" -> 3 / 2; nullopt when `target` is not that form.
std::optional<std::size_t> relative_count(std::string_view target, char sign) {
  if (target.size() < 2 || target[0] != sign) return std::nullopt;
  std::size_t count = 0;
  const char* begin = target.data() + 1;
  const char* end = target.data() + target.size();
  auto [ptr, ec] = std::from_chars(begin, end, count);
  if (ec != std::errc() || ptr != end) throw TargetError("invalid relative target '" + std::string(target) + "'");
  return count;
}

}  // namespace

RevisionChain::RevisionChain(const Registry& registry) : registry_(&registry) {
  std::vector<RevisionLink> links;
  std::map<std::string_view, const Revision*> by_id;
  for (std::size_t i = 0; i < registry.count; ++i) {
    const Revision& revision = registry.revisions[i];
    if (revision.info == nullptr || revision.info->id.empty())
      throw HistoryError("registry entry " + std::to_string(i) + " has no revision id");
    links.push_back({std::string(revision.info->id), std::string(revision.info->parent)});
    by_id.emplace(revision.info->id, &revision);
  }
  const RevisionGraph graph = order_revisions(links);
  if (!graph.ok()) {
    std::vector<std::string> problems;
    for (const RevisionProblem& problem : graph.problems) problems.push_back(describe(problem));
    throw HistoryError(joined(problems, "; "));
  }
  for (const std::string& id : graph.order) revisions_.push_back(by_id.at(id));
}

std::string_view RevisionChain::id_at(std::size_t position) const {
  return position == 0 ? std::string_view() : revisions_[position - 1]->info->id;
}

std::optional<std::size_t> RevisionChain::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    if (revisions_[i]->info->id == id) return i;
  }
  return std::nullopt;
}

std::size_t RevisionChain::resolve(std::string_view target) const {
  if (target == "head") return size();
  if (target == "base") return 0;
  if (target.empty()) throw TargetError("empty revision target");
  if (std::optional<std::size_t> exact = index_of(target)) return *exact + 1;
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    if (revisions_[i]->info->id.substr(0, target.size()) == target) matches.push_back(i);
  }
  if (matches.size() == 1) return matches.front() + 1;
  if (matches.empty()) throw TargetError("unknown revision '" + std::string(target) + "'");
  std::vector<std::string> names;
  for (std::size_t match : matches) names.emplace_back(revisions_[match]->info->id);
  throw TargetError("ambiguous revision '" + std::string(target) + "': matches " + joined(names, ", "));
}

std::vector<std::string> registry_heads(const Registry& registry) {
  std::vector<RevisionLink> links;
  for (std::size_t i = 0; i < registry.count; ++i)
    if (const RevisionInfo* info = registry.revisions[i].info)
      links.push_back({std::string(info->id), std::string(info->parent)});
  return order_revisions(links).heads;
}

std::string position_name(const RevisionChain& chain, std::size_t position) {
  return position == 0 ? std::string("base") : std::string(chain.id_at(position));
}

std::vector<std::string_view> replaced_ids(const RevisionInfo& info) { return split_nonempty(info.replaces, ' '); }

std::vector<std::vector<std::string>> rows_to_rerecord(const RevisionChain& chain,
                                                       const std::vector<HistoryRow>& history) {
  std::map<std::string_view, const HistoryRow*> rows;
  for (const HistoryRow& row : history)
    if (!row.partial_step) rows.emplace(row.revision, &row);
  std::vector<std::vector<std::string>> rerecord(chain.size());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Revision& revision = chain.at(i);
    const std::vector<std::string_view> replaced = replaced_ids(*revision.info);
    if (replaced.empty()) continue;
    const auto own = rows.find(revision.info->id);
    const bool own_current = own != rows.end() && checksums_match(own->second->checksum, revision.checksum);
    std::vector<std::string> former;
    for (std::string_view id : replaced)
      if (id != revision.info->id && rows.contains(id)) former.emplace_back(id);
    if (own != rows.end() && !own_current && own->first == replaced.back()) former.emplace_back(own->first);
    if (own_current || former.empty()) continue;
    if (own == rows.end() && !rows.contains(replaced.back())) {
      throw HistoryError("the database records " + joined(former, ", ") + " of the revisions " +
                         std::string(replaced.front()) + " .. " + std::string(replaced.back()) + " that " +
                         std::string(revision.info->id) +
                         " replaces (squashed), but not the last: it stopped inside the squashed range. Upgrade it to " +
                         std::string(replaced.back()) +
                         " with a migrator built before the squash (the commit before `strata-gen squash`), then "
                         "run this one");
    }
    rerecord[i] = std::move(former);
  }
  return rerecord;
}

std::size_t applied_position(const RevisionChain& chain, const std::vector<HistoryRow>& history) {
  const std::vector<std::vector<std::string>> rerecord = rows_to_rerecord(chain, history);
  std::set<std::string_view> replaced;  // ids that revisions of the chain stand in for
  for (std::size_t i = 0; i < chain.size(); ++i)
    for (std::string_view id : replaced_ids(*chain.at(i).info)) replaced.insert(id);
  std::vector<std::string> unknown;
  std::vector<bool> applied(chain.size(), false);
  for (std::size_t i = 0; i < chain.size(); ++i) applied[i] = !rerecord[i].empty();
  std::optional<std::size_t> partly_up;
  std::optional<std::size_t> partly_down;
  for (const HistoryRow& row : history) {
    std::optional<std::size_t> index = chain.index_of(row.revision);
    if (!index) {
      if (!replaced.contains(row.revision)) unknown.push_back(row.revision);
      continue;
    }
    if (!rerecord[*index].empty()) continue;  // recorded by the revision it replaced: no checksum to compare
    if (row.partial_step.value_or(0) > 0) {
      partly_up = *index;
      continue;
    }
    applied[*index] = true;
    if (row.partial_step) {
      partly_down = *index;
    } else if (!checksums_match(row.checksum, chain.at(*index).checksum)) {
      throw ChecksumError(row.revision, row.checksum, std::string(chain.at(*index).checksum));
    }
  }
  if (!unknown.empty()) {
    throw HistoryError("the database records revision" + std::string(unknown.size() > 1 ? "s " : " ") +
                       joined(unknown, ", ") +
                       " as applied, which this migrator does not know (is this migrator older than the database?)");
  }
  std::size_t position = 0;
  while (position < chain.size() && applied[position]) ++position;
  for (std::size_t i = position; i < chain.size(); ++i) {
    if (applied[i] && rerecord[i].empty()) {
      throw HistoryError("the database records revision " + std::string(chain.at(i).info->id) +
                         " as applied but not its ancestor " + std::string(chain.at(position).info->id) +
                         " (use `stamp` to repair the history)");
    }
  }
  if ((partly_up && *partly_up != position) || (partly_down && *partly_down + 1 != position) ||
      (partly_up && partly_down)) {
    throw HistoryError("the database records revision " +
                       std::string(chain.at(partly_up ? *partly_up : *partly_down).info->id) +
                       " as partly applied, but it is not next to the current revision " +
                       position_name(chain, position) + " (use `stamp` to repair the history)");
  }
  return position;
}

const HistoryRow* partial_row(const std::vector<HistoryRow>& history) {
  for (const HistoryRow& row : history)
    if (row.partial_step) return &row;
  return nullptr;
}

bool checksums_match(std::string_view recorded, std::string_view compiled) {
  if (recorded == compiled) return true;
  return recorded.find(':') == std::string_view::npos && !recorded.empty() &&
         compiled.substr(0, compiled.find(':')) == recorded;
}

Plan plan_upgrade(const RevisionChain& chain, std::size_t current, std::string_view target,
                  const std::vector<std::vector<std::string>>& rerecord) {
  std::size_t to = 0;
  if (std::optional<std::size_t> count = relative_count(target, '+')) {
    if (current + *count > chain.size()) {
      throw TargetError("cannot upgrade " + std::string(target) + ": only " + std::to_string(chain.size() - current) +
                        " revision(s) after " + position_name(chain, current));
    }
    to = current + *count;
  } else {
    to = chain.resolve(target);
    if (to < current) {
      throw TargetError("cannot upgrade to " + position_name(chain, to) + ": it is behind the current revision " +
                        position_name(chain, current) + " (use downgrade)");
    }
  }
  Plan plan{Direction::Up, current, to, {}};
  for (std::size_t i = current; i < to; ++i)
    plan.steps.push_back({&chain.at(i), Direction::Up, i < rerecord.size() ? rerecord[i] : std::vector<std::string>{}});
  return plan;
}

Plan plan_downgrade(const RevisionChain& chain, std::size_t current, std::string_view target) {
  std::size_t to = 0;
  if (std::optional<std::size_t> count = relative_count(target, '-')) {
    if (*count > current) {
      throw TargetError("cannot downgrade " + std::string(target) + ": only " + std::to_string(current) +
                        " revision(s) applied");
    }
    to = current - *count;
  } else {
    to = chain.resolve(target);
    if (to > current) {
      throw TargetError("cannot downgrade to " + position_name(chain, to) + ": it is ahead of the current revision " +
                        position_name(chain, current) + " (use upgrade)");
    }
  }
  Plan plan{Direction::Down, current, to, {}};
  for (std::size_t i = current; i > to; --i) plan.steps.push_back({&chain.at(i - 1), Direction::Down});
  return plan;
}

}  // namespace strata

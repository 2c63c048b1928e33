#include "runner/revision_step.hpp"

#include <algorithm>
#include <cctype>

#include "core/postgres_dialect.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

bool is_marker_line(std::string_view line) {
  std::size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  line.remove_prefix(start);
  if (line.substr(0, kStepMarker.size()) != kStepMarker) return false;
  std::string_view rest = line.substr(kStepMarker.size());
  return rest.empty() || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r';
}

// A marker line whose first word after the marker is `backfill`.
bool is_backfill_marker(std::string_view line) {
  std::string_view rest = line.substr(line.find(kStepMarker) + kStepMarker.size());
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
  return rest.substr(0, kBackfillWord.size()) == kBackfillWord &&
         (rest.size() == kBackfillWord.size() || std::isspace(static_cast<unsigned char>(rest[kBackfillWord.size()])));
}

std::string first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  return std::string(line.size() > 80 ? line.substr(0, 77) : line) +
         (line.size() > 80 || line.size() < text.size() ? " …" : "");
}

}  // namespace

std::vector<std::vector<ScriptStatement>> split_step_sections(std::string_view sql, std::vector<bool>* batched) {
  std::vector<std::vector<ScriptStatement>> sections;
  if (batched != nullptr) batched->assign(1, false);
  unsigned section_first_line = 1;
  unsigned line_number = 1;
  std::size_t section_start = 0;
  auto close_section = [&](std::size_t end) {
    std::vector<ScriptStatement> statements = split_statements(sql.substr(section_start, end - section_start));
    for (ScriptStatement& statement : statements) statement.line += section_first_line - 1;
    sections.push_back(std::move(statements));
  };
  // A marker inside a quoted string or a dollar-quoted body would be cut wrongly; the marker is
  // a comment line of its own between statements, where the generator writes it.
  for (std::size_t at = 0; at <= sql.size();) {
    std::size_t end = sql.find('\n', at);
    if (end == std::string_view::npos) end = sql.size();
    if (is_marker_line(sql.substr(at, end - at))) {
      close_section(at);
      if (batched != nullptr) batched->push_back(is_backfill_marker(sql.substr(at, end - at)));
      section_start = end;
      section_first_line = line_number;
    }
    at = end + 1;
    ++line_number;
  }
  close_section(sql.size());
  return sections;
}

RevisionStep prepare_revision_step(const PlanStep& step) {
  RevisionStep prepared;
  prepared.revision = step.revision;
  prepared.direction = step.direction;
  const std::string_view id = step.revision->info->id;
  prepared.file = std::string(id) + (step.direction == Direction::Up ? ".up.sql" : ".down.sql");
  std::vector<std::vector<ScriptStatement>> sections;
  std::vector<bool> batched;
  try {
    sections = split_step_sections(step.direction == Direction::Up ? step.revision->up_sql : step.revision->down_sql,
                                   &batched);
  } catch (const SqlScriptError& error) {
    throw StmtExecError(std::string(id), prepared.file, error.line(), "", error.what());
  }
  std::vector<StepPart>& parts = prepared.parts;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    std::vector<ScriptStatement>& section = sections[s];
    if (batched[s] && section.size() >= 2) {
      parts.push_back(StepPart{true, std::move(section), true});
      continue;
    }
    if (batched[s]) {
      throw StmtExecError(std::string(id), prepared.file, section.empty() ? 0 : section.front().line, "",
                          "a `-- strata:step backfill` part needs a counting SELECT and the batch UPDATE after it");
    }
    if (!parts.empty() && ((parts.back().transactional && !parts.back().statements.empty()) || parts.back().batched))
      parts.push_back(StepPart{});
    for (ScriptStatement& statement : section) {
      if (requires_no_transaction(statement.text)) {
        parts.push_back(StepPart{false, {std::move(statement)}});
      } else {
        if (parts.empty() || !parts.back().transactional || parts.back().batched) parts.push_back(StepPart{});
        parts.back().statements.push_back(std::move(statement));
      }
    }
  }
  // The before hook opens the first part and the after hook and history write close the last,
  // each inside a transaction (the first part may be a statement outside one when there is no
  // before hook).
  if (parts.empty() || ((!parts.front().transactional || parts.front().batched) && prepared.hook(true) != nullptr))
    parts.insert(parts.begin(), StepPart{});
  if (!parts.back().transactional || parts.back().batched) parts.push_back(StepPart{});
  // An empty section (two markers in a row, a marker at the end) is no part.
  if (parts.size() > 1 && parts.back().statements.empty() && parts[parts.size() - 2].transactional &&
      !parts[parts.size() - 2].batched)
    parts.pop_back();
  return prepared;
}

bool RevisionStep::has_non_transactional() const {
  for (const StepPart& part : parts)
    if (!part.transactional) return true;
  return false;
}

DataHook RevisionStep::hook(bool before) const {
  const RevisionInfo& info = *revision->info;
  return direction == Direction::Up ? (before ? info.before_upgrade : info.after_upgrade)
                                    : (before ? info.before_downgrade : info.after_downgrade);
}

std::string RevisionStep::hook_name(bool before) const {
  return std::string(before ? "before_" : "after_") + (direction == Direction::Up ? "upgrade" : "downgrade");
}

void require_one_transaction(const RevisionStep& step) {
  for (const StepPart& part : step.parts) {
    if (part.transactional && !part.batched) continue;
    throw TargetError("--single-transaction cannot apply " + step.file + ": line " +
                      std::to_string(part.statements.front().line) + " (" + first_line(part.statements.front().text) +
                      ") cannot run inside a transaction; run without --single-transaction");
  }
  if (step.recorded_by_part()) {
    throw TargetError("--single-transaction cannot apply " + step.file +
                      ": it is split into parts by `-- strata:step` lines (a part uses what an earlier one must commit "
                      "first); run without --single-transaction");
  }
}

std::string history_write_sql(const HistoryTable& history, const RevisionStep& step, std::string_view duration_ms) {
  if (step.direction == Direction::Down) return delete_history_sql(history, step.revision->info->id);
  return step.recorded_by_part() ? record_completed_sql(history, *step.revision, duration_ms)
                                 : insert_history_sql(history, *step.revision, duration_ms);
}

std::string partial_write_sql(const HistoryTable& history, const RevisionStep& step, std::size_t parts_done) {
  int value = static_cast<int>(parts_done);
  return record_partial_sql(history, *step.revision, step.direction == Direction::Up ? value : -value);
}

}  // namespace strata

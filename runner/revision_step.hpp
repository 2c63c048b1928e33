// One revision's run in one direction, prepared once and followed by both back-ends: the executor
// (StepRunner, runner/executor.cpp) runs it on a connection, the offline script (`--sql`,
// runner/offline_script.cpp) writes it as SQL text. What belongs in a transaction, where the hooks
// run and which history write closes each part is decided here only.
//
// A revision's SQL file is cut into parts: a line `-- strata:step` (written by strata-gen when a
// revision must be split, or by hand) starts a new part, and each statement PostgreSQL cannot
// run in a transaction (requires_no_transaction()) is a part of its own. Every other part runs
// in one transaction. The before hook opens the first transactional part, the after hook and the
// final history write close the last one.
//
// A revision of several parts is recorded part by part: each part but the last ends by recording
// its number in the history row ("partial_step", see history_table.hpp) — in its own transaction
// for a transactional part, right after the statement for one outside any transaction — so a
// killed or failed run resumes after the last recorded part. Statements outside a transaction
// are re-run on resume when they ran but were not recorded: they must be idempotent
// (IF NOT EXISTS; an INVALID index left by a killed CREATE INDEX CONCURRENTLY is dropped first).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/sql_script.hpp"
#include "runner/history_table.hpp"
#include "runner/planner.hpp"

namespace strata {

// The marker line that starts a new part; `-- strata:step backfill` starts a batched one.
inline constexpr std::string_view kStepMarker = "-- strata:step";
inline constexpr std::string_view kBackfillWord = "backfill";

struct StepPart {
  bool transactional = true;
  std::vector<ScriptStatement> statements;  // lines are the reviewed file's
  // A batched backfill (online mode): the first statement counts the rows to fill, the others run
  // again and again, each time in a transaction of its own with strata.batch_size set, until
  // they change no row. Resumable: they fill what is still NULL.
  bool batched = false;
};

struct RevisionStep {
  const Revision* revision = nullptr;
  Direction direction = Direction::Up;
  std::string file;  // "0003_x.up.sql"
  std::vector<StepPart> parts;
  // Several parts: each is recorded in the history row as it completes.
  bool recorded_by_part() const { return parts.size() > 1; }
  bool has_non_transactional() const;
  // The `name` hook ("before_upgrade", ...) for this direction; nullptr when none.
  DataHook hook(bool before) const;
  std::string hook_name(bool before) const;
};

// Throws StmtExecError for an SQL file that cannot be split (an unterminated quote or comment).
RevisionStep prepare_revision_step(const PlanStep& step);

// The statements of a revision's SQL text with the `-- strata:step` lines as part boundaries:
// one vector per part, statement lines counted in the whole text.
// `batched`, when given, gets one flag per part: started by `-- strata:step backfill`.
std::vector<std::vector<ScriptStatement>> split_step_sections(std::string_view sql,
                                                              std::vector<bool>* batched = nullptr);

// Throws TargetError when the step cannot run inside the one transaction of --single-transaction.
void require_one_transaction(const RevisionStep& step);

// The history write that closes the step's last part (INSERT, or UPDATE of the partial row, or
// DELETE when downgrading), and the one that records its first `parts_done` parts as done
// (partial_step +k upgrading, -k downgrading).
std::string history_write_sql(const HistoryTable& history, const RevisionStep& step, std::string_view duration_ms);
std::string partial_write_sql(const HistoryTable& history, const RevisionStep& step, std::size_t parts_done);

}  // namespace strata

// The offline script (`upgrade --sql`, `downgrade --sql`): what the executor would run for a plan,
// as one SQL text for `psql -v ON_ERROR_STOP=1`, produced without connecting.
//
// Layout: the advisory lock; CREATE TABLE IF NOT EXISTS for the history table; then per revision
// the parts of its RevisionStep (runner/revision_step.hpp), the program the executor follows:
// BEGIN; SET LOCAL timeouts; its statements; the history INSERT (upgrade) or DELETE (downgrade);
// COMMIT — with a statement PostgreSQL cannot run inside a transaction between two transactions,
// and each part of a revision in parts followed by its history record. With
// single_transaction, one BEGIN ... COMMIT around all revisions.
// C++ data hooks cannot be rendered as SQL: the script marks where each would run, and a warning
// goes to ExecutorOptions::progress.
#pragma once

#include <string>

#include "runner/executor.hpp"
#include "runner/planner.hpp"

namespace strata {

std::string render_offline_script(const RevisionChain& chain, const Plan& plan, const ExecutorOptions& options);

// `stamp REV --sql`: the history writes that make an EMPTY history say exactly that the revisions
// up to position `to` are applied (as Alembic's offline stamp: without a connection the current
// history is unknown), in one transaction, under the advisory lock.
std::string render_offline_stamp(const RevisionChain& chain, std::size_t to);

}  // namespace strata

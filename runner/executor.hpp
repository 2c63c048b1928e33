// The executor: applies a plan to a live database, one revision at a time, under a session-level
// advisory lock, recording each step in the history table.
//
// Per revision (default): BEGIN; SET LOCAL timeouts; the before hook; the statements one by one;
// the after hook; the history INSERT (DELETE when downgrading); COMMIT. A failure rolls the
// revision back whole and throws StmtExecError naming the file, line, statement and PostgreSQL's
// message. A revision without hooks, not online, of one transaction, goes first as one message
// (the same SQL, one round trip, one implicit transaction); only when that fails does it run as
// above, to name the failing statement. With single_transaction, every step shares one transaction.
//
// A statement PostgreSQL cannot run in a transaction (core/postgres_dialect's
// requires_no_transaction(): CREATE INDEX CONCURRENTLY, ...) runs on its own, outside any
// transaction, and a `-- strata:step` line splits a revision: such a revision runs in parts, each
// committed and recorded in the history row on its own (runner/revision_step.hpp, the program the
// offline script follows too). A progress line says so.
//
// Progress goes to ExecutorOptions::progress (the CLI passes stderr, keeping stdout for data),
// one line per revision: "[3/14] 0003_x … 12 ms", and for an online revision one line per part.
//
// A part that fails with lock_timeout (SQLSTATE 55P03) is rolled back and retried with exponential
// backoff (lock_retries_for()); each retry names the sessions holding a lock on the tables the
// statement touches, and the last failure (exit 4) names them too.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>

#include "runner/history_table.hpp"
#include "runner/planner.hpp"

namespace strata {

struct ExecutorOptions {
  std::optional<std::string> lock_timeout;       // a PostgreSQL duration: "5s", "500ms", "2min", "500"
  std::optional<std::string> statement_timeout;  // idem
  bool single_transaction = false;
  std::optional<std::int64_t> lock_wait_ms;  // bound on the wait for the MigrationLock; nullopt: wait
  std::ostream* progress = nullptr;          // progress and notices; nullptr: quiet
  // --lock-retries: how often a part that hit lock_timeout is run again, after 0.5 s, 1 s, 2 s, ...
  // (the INVALID index a timed-out concurrent build leaves is dropped first). nullopt: 5 for an
  // online revision, 0 for the others.
  std::optional<int> lock_retries;
  // --batch-size: the most rows a batched backfill fills per transaction (strata.batch_size);
  // fewer when a batch would hold its row locks longer than 20 ms (runner/executor.cpp).
  std::int64_t batch_size = 10'000;
};

// Online mode (RevisionInfo::online): without --lock-timeout, every part of an online revision
// runs with this lock_timeout, and a part that hit it is retried (ExecutorOptions::lock_retries).
inline constexpr std::string_view kOnlineLockTimeout = "2s";
inline constexpr int kOnlineLockRetries = 5;
// The lock_timeout a revision's parts run with, and how often one that hit it is retried.
std::optional<std::string> lock_timeout_for(const ExecutorOptions& options, const Revision& revision);
int lock_retries_for(const ExecutorOptions& options, const Revision& revision);

// The durations --lock-timeout / --statement-timeout / --lock-wait accept: digits, optionally
// followed by us, ms (the default unit), s, min, h or d, at most what PostgreSQL's timeouts hold
// (2^31-1 ms, about 24.8 days). In milliseconds; nullopt when malformed or out of range.
std::optional<std::int64_t> duration_milliseconds(std::string_view value);
bool is_valid_timeout(std::string_view value);

// Opens a connection; throws ConnectError with a message that names no password.
std::unique_ptr<pqxx::connection> connect_database(const std::string& conninfo);

// The advisory-lock key of a migration set: FNV-1a 64 of "strata:" + registry name.
std::int64_t advisory_lock_key(std::string_view registry_name);

// Holds pg_advisory_lock(advisory_lock_key(name)) on the connection's session while alive, so
// concurrent migrators of one migration set on one database run one after the other.
class MigrationLock {
 public:
  // Blocks until the lock is free, at most `wait_ms` when given (then throws LockWaitError naming
  // the holder); while waiting, names the holder (pid, application_name) on `notice` every 10 s.
  MigrationLock(pqxx::connection_base& connection, std::string_view registry_name, std::ostream* notice = nullptr,
                std::optional<std::int64_t> wait_ms = std::nullopt);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  pqxx::connection_base& connection_;
  std::int64_t key_;
};

// The history, read in its own transaction (empty when the table does not exist).
std::vector<HistoryRow> load_history(pqxx::connection_base& connection, const HistoryTable& table);

// Runs `plan` (the caller holds the MigrationLock and has created the history table), the first
// revision from its part `first_step_parts_done` on (a run that stopped part-way: see
// runner/revision_step.hpp).
void execute_plan(pqxx::connection_base& connection, const RevisionChain& chain, const Plan& plan,
                  const ExecutorOptions& options, std::size_t first_step_parts_done = 0);

// Take the lock, create the history table when missing (or add the columns a table of an earlier
// release lacks), read the history (after taking the lock, so a concurrent migrator's work is
// seen), validate it, record full checksums where an earlier release recorded up-only ones, plan
// towards `target` and run the plan, resuming a revision a killed or failed run left part-way.
// Returns the plan that ran (empty when already there).
Plan run_upgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                 const ExecutorOptions& options);
Plan run_downgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                   const ExecutorOptions& options);

// What stamp changed in the history table.
struct StampResult {
  std::vector<std::string> added;     // rows inserted (revisions recorded as applied, without running)
  std::vector<std::string> removed;   // rows deleted (revisions after the target, or unknown ones)
  std::vector<std::string> repaired;  // rows whose checksum was rewritten to the compiled-in one
};

// Makes the history say exactly that the revisions up to `target` ("head", "base", a revision)
// are applied, without running any SQL. Under the lock. It is also the repair for a history with
// edited checksums or revisions this migrator does not know.
StampResult run_stamp(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                      const ExecutorOptions& options);

}  // namespace strata

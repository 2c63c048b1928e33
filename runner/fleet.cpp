#include "runner/fleet.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "core/snapshot.hpp"
#include "runner/drift_check.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"
#include "runner/migrator_cli.hpp"

namespace strata {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::size_t position_of(pqxx::connection_base& connection, const RevisionChain& chain) {
  return applied_position(chain, load_history(connection, history_table_of(chain.registry())));
}

// The command on one target; throws the typed errors of migration_errors.hpp.
void run_command(pqxx::connection& connection, const RevisionChain& chain, const FleetOptions& options,
                 TargetOutcome& outcome) {
  const std::size_t from = position_of(connection, chain);
  outcome.from = position_name(chain, from);
  if (options.command == FleetCommand::Upgrade) {
    ExecutorOptions executor = options.executor;
    executor.progress = nullptr;
    Plan plan = run_upgrade(connection, chain, options.target, executor);
    outcome.from = position_name(chain, plan.from);  // another migrator may have moved it meanwhile
    outcome.to = position_name(chain, plan.to);
    outcome.result = plan.steps.empty() ? "up to date" : "upgraded";
    return;
  }
  outcome.to = outcome.from;
  const std::size_t pending = chain.size() - from;
  if (options.command != FleetCommand::Check || pending > 0) {
    outcome.result = pending == 0 ? "at head" : std::to_string(pending) + " pending";
    if (options.command == FleetCommand::Check && pending > 0) outcome.status = exit_status::kDifference;
    return;
  }
  const std::string_view head_snapshot = chain.registry().head_snapshot_json;
  const DriftReport report =
      check_drift(connection, head_snapshot.empty() ? ModelGraph{} : read_snapshot(head_snapshot),
                  unmanaged_patterns(chain.registry()));
  outcome.result = report.empty() ? "matches" : "drifted";
  if (!report.empty()) outcome.status = exit_status::kDifference;
}

TargetOutcome run_target(const RevisionChain& chain, const FleetTarget& target, const FleetOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = Clock::now();
  TargetOutcome outcome;
  outcome.name = target.name;
  outcome.started = true;
  std::unique_ptr<pqxx::connection> connection;
  auto failed = [&](int status, const char* result, const std::string& message) {
    outcome.status = status;
    outcome.result = result;
    outcome.error = scrub_password(first_line(message), target.conninfo);
    // Where a failed upgrade left the database: the revisions before the failing one stay applied.
    if (options.command == FleetCommand::Upgrade && connection != nullptr && status != exit_status::kCannotConnect) {
      try {
        outcome.to = position_name(chain, position_of(*connection, chain));
      } catch (const std::exception&) {
        // unknown: the table shows "?"
      }
    }
  };
  try {
    connection = connect_database(target.conninfo);
    run_command(*connection, chain, options, outcome);
  } catch (const ConnectError& error) {
    failed(exit_status::kCannotConnect, "cannot connect", error.what());
  } catch (const pqxx::broken_connection& error) {
    failed(exit_status::kCannotConnect, "cannot connect", std::string("lost the connection: ") + error.what());
  } catch (const HistoryError& error) {
    failed(exit_status::kHistoryProblem, "history problem", error.what());
  } catch (const SnapshotError& error) {
    failed(exit_status::kHistoryProblem, "history problem",
           std::string("the embedded snapshot at head is invalid: ") + error.what());
  } catch (const std::exception& error) {  // StmtExecError, LockWaitError, TargetError, ...
    failed(exit_status::kMigrationFailed, "failed", error.what());
  }
  outcome.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return outcome;
}

}  // namespace

std::vector<TargetOutcome> run_fleet(const RevisionChain& chain, const std::vector<FleetTarget>& targets,
                                     const FleetOptions& options,
                                     const std::function<void(std::size_t ended, const TargetOutcome&)>& finished) {
  std::vector<TargetOutcome> outcomes(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    outcomes[i].name = targets[i].name;
    outcomes[i].result = "not started";
  }
  std::mutex mutex;  // guards outcomes, ended and the calls of `finished`
  std::size_t ended = 0;
  // Runs target i; true when it failed (a drifted `check` is a finding, not a failure).
  auto run = [&](std::size_t i) {
    TargetOutcome outcome = run_target(chain, targets[i], options);
    const bool failed = outcome.status > exit_status::kDifference;
    std::lock_guard<std::mutex> guard(mutex);
    outcomes[i] = std::move(outcome);
    finished(++ended, outcomes[i]);
    return failed;
  };

  const std::size_t canaries = std::min(options.canary, targets.size());
  for (std::size_t i = 0; i < canaries; ++i) {
    if (run(i)) return outcomes;
  }
  std::atomic<std::size_t> next{canaries};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    while (!stop) {
      const std::size_t i = next++;
      if (i >= targets.size()) return;
      if (run(i) && !options.continue_on_error) stop = true;
    }
  };
  std::vector<std::thread> workers;
  const std::size_t count = std::min(std::max<std::size_t>(options.parallel, 1), targets.size() - canaries);
  for (std::size_t i = 0; i < count; ++i) workers.emplace_back(worker);
  for (std::thread& thread : workers) thread.join();
  return outcomes;
}

int fleet_exit_status(const std::vector<TargetOutcome>& outcomes) {
  int status = 0;
  for (const TargetOutcome& outcome : outcomes) status = std::max(status, outcome.status);
  return status;
}

}  // namespace strata

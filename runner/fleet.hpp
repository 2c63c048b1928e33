// A fleet run: one command (upgrade, status, check, current) over many databases, each on its own
// connection under its own advisory lock (run_upgrade() as for one database), by `parallel`
// std::thread workers. The first `canary` targets run alone, one after the other, and a failure
// among them stops the run before any other target is touched. Otherwise a failure stops the
// starting of new targets (running ones finish) unless `continue_on_error`. A rerun resumes: a
// target already at the wanted revision is a no-op.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner/executor.hpp"
#include "runner/fleet_targets.hpp"
#include "runner/planner.hpp"

namespace strata {

enum class FleetCommand { Upgrade, Status, Check, Current };

struct FleetOptions {
  FleetCommand command = FleetCommand::Upgrade;
  std::string target = "head";  // upgrade: head or a revision
  std::size_t parallel = 1;
  std::size_t canary = 0;
  bool continue_on_error = false;
  ExecutorOptions executor;  // its progress stream is not used: targets run side by side
};

// What became of one target.
struct TargetOutcome {
  std::string name;
  bool started = false;
  std::optional<std::string> from;  // position names ("base" or a revision id); unknown when unset
  std::optional<std::string> to;
  int status = 0;      // the migrator's exit status for this target alone (migrator_cli.hpp)
  std::string result;  // "upgraded", "up to date", "at head", "2 pending", "drifted", "cannot connect", ...
  std::string error;   // why it failed, password-scrubbed; empty when it did not
  std::int64_t milliseconds = 0;
};

// Runs `options.command` on every target and returns the outcomes in file order (targets never
// started have started == false). `finished` is called once per target as it ends, one call at a
// time, with how many have ended so far.
std::vector<TargetOutcome> run_fleet(const RevisionChain& chain, const std::vector<FleetTarget>& targets,
                                     const FleetOptions& options,
                                     const std::function<void(std::size_t ended, const TargetOutcome&)>& finished);

// 0 when every started target succeeded, else the worst (highest) of the targets' statuses: 1 when
// `check` found a target behind head or drifted, 3 cannot connect, 4 failed, 5 history problem.
int fleet_exit_status(const std::vector<TargetOutcome>& outcomes);

}  // namespace strata

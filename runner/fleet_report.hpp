// What a fleet run prints: a progress line per target as it ends (stderr), then a summary table
// or, with --json, the same as one JSON document (stdout). Only target names and revision ids
// appear, never a connection string.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runner/fleet.hpp"

namespace strata {

// "[3/40] tenant_a: base -> 0004_x, upgraded, 120 ms" (+ "\n  error" when it failed).
std::string fleet_progress_line(std::size_t ended, std::size_t total, const TargetOutcome& outcome);

// Columns TARGET, FROM, TO, RESULT, TIME; "-" where not started, "?" where unknown.
std::string fleet_summary_table(const std::vector<TargetOutcome>& outcomes);

// {"command": …, "exit_status": …, "targets": [{"name", "started", "from", "to", "result",
// "status", "milliseconds", "error"}]}; from/to are null when unknown, error when none.
std::string fleet_summary_json(const std::string& command, int exit_status, const std::vector<TargetOutcome>& outcomes);

}  // namespace strata

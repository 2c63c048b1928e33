#include "runner/fleet_report.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace strata {
namespace {

std::string position_or(const std::optional<std::string>& position, const TargetOutcome& outcome) {
  return position ? *position : outcome.started ? "?" : "-";
}

std::string duration(const TargetOutcome& outcome) {
  return outcome.started ? std::to_string(outcome.milliseconds) + " ms" : "-";
}

}  // namespace

std::string fleet_progress_line(std::size_t ended, std::size_t total, const TargetOutcome& outcome) {
  std::string line = "[" + std::to_string(ended) + "/" + std::to_string(total) + "] " + outcome.name + ": " +
                     position_or(outcome.from, outcome) + " -> " + position_or(outcome.to, outcome) + ", " +
                     outcome.result + ", " + duration(outcome) + "\n";
  if (!outcome.error.empty()) line += "  " + outcome.error + "\n";
  return line;
}

std::string fleet_summary_table(const std::vector<TargetOutcome>& outcomes) {
  std::vector<std::array<std::string, 5>> rows{{"TARGET", "FROM", "TO", "RESULT", "TIME"}};
  for (const TargetOutcome& outcome : outcomes) {
    rows.push_back({outcome.name, position_or(outcome.from, outcome), position_or(outcome.to, outcome), outcome.result,
                    duration(outcome)});
  }
  std::array<std::size_t, 5> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string table;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    table += line + "\n";
  }
  return table;
}

std::string fleet_summary_json(const std::string& command, int exit_status,
                               const std::vector<TargetOutcome>& outcomes) {
  nlohmann::json targets = nlohmann::json::array();
  for (const TargetOutcome& outcome : outcomes) {
    nlohmann::json target = {{"name", outcome.name},
                             {"started", outcome.started},
                             {"from", outcome.from ? nlohmann::json(*outcome.from) : nlohmann::json()},
                             {"to", outcome.to ? nlohmann::json(*outcome.to) : nlohmann::json()},
                             {"result", outcome.result},
                             {"status", outcome.status},
                             {"milliseconds", outcome.milliseconds}};
    if (!outcome.error.empty()) target["error"] = outcome.error;
    targets.push_back(std::move(target));
  }
  nlohmann::json summary = {{"command", command}, {"exit_status", exit_status}, {"targets", std::move(targets)}};
  // Names and messages are not guaranteed UTF-8 (a database's error in another encoding): replace.
  return summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace strata

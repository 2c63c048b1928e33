// Lint rules on a plan's operations (DESIGN.md, "Online mode", Lint): each finding has a stable
// rule name, squawk's where squawk has the rule, and names the model member or struct it comes
// from, so strata-gen prints it as `file:line: warning[rule]: message` and STRATA_ALLOW("rule")
// on that member or struct acknowledges it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

struct LintFinding {
  std::string rule;     // "require-concurrent-index-creation"
  std::string subject;  // SourceMap key of what it is about: "schema.table.column", else "schema.table"
  std::string message;
  std::size_t operation = 0;  // index in the plan
  bool operator==(const LintFinding&) const = default;
};

// Every rule name, sorted.
const std::vector<std::string_view>& lint_rule_names();

// The findings of `ops` run on `from`. With `online`, operations on existing tables are judged in
// their online form (render_online(): concurrent indexes, NOT VALID then VALIDATE, ...), which
// the lock rules then do not flag.
std::vector<LintFinding> lint(const std::vector<Operation>& ops, const ModelGraph& from, bool online);

}  // namespace strata

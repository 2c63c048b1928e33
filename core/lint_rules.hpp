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

// The rule names, as squawk spells them: one spelling for both judges (lint() on operations,
// lint_sql() in core/sql_lint.hpp on statements).
namespace lint_rule {
inline constexpr std::string_view kConcurrentIndexCreation = "require-concurrent-index-creation";
inline constexpr std::string_view kConcurrentIndexDeletion = "require-concurrent-index-deletion";
inline constexpr std::string_view kMissingNotValid = "constraint-missing-not-valid";
inline constexpr std::string_view kForeignKey = "adding-foreign-key-constraint";
inline constexpr std::string_view kNotNullable = "adding-not-nullable-field";
inline constexpr std::string_view kUnique = "disallowed-unique-constraint";
inline constexpr std::string_view kColumnType = "changing-column-type";
inline constexpr std::string_view kFieldWithDefault = "adding-field-with-default";
inline constexpr std::string_view kRenamingColumn = "renaming-column";
inline constexpr std::string_view kRenamingTable = "renaming-table";
inline constexpr std::string_view kDropColumn = "ban-drop-column";
inline constexpr std::string_view kDropTable = "ban-drop-table";
inline constexpr std::string_view kBigint = "prefer-bigint-over-int";
inline constexpr std::string_view kTimestamptz = "prefer-timestamptz";
inline constexpr std::string_view kCharField = "ban-char-field";
}  // namespace lint_rule

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

// Lint rules on a revision's SQL, statement by statement (DESIGN.md, "Online mode", Lint): the
// judge of what a hand-edited or hand-written revision runs, as squawk judges a migration file.
// lint() in core/lint_rules.hpp judges the operations a revision is generated from; both use the
// same rule names, and a generated revision's SQL gets the findings its operations get.
//
// A statement is acknowledged by a comment `-- strata:allow rule [rule ...]` on the lines before
// it (after the previous statement) or inside it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata {

struct SqlLintFinding {
  std::string rule;
  unsigned line = 0;  // 1-based line in the script
  std::string message;
  bool operator==(const SqlLintFinding&) const = default;
};

struct SqlLint {
  std::vector<SqlLintFinding> findings;  // not acknowledged, in script order
  // `-- strata:allow` naming a rule that does not exist (a typo acknowledges nothing): the rule
  // field holds the unknown name.
  std::vector<SqlLintFinding> unknown_rules;
};

// The findings of `script`. A table created earlier in the script is new: the lock rules do not
// apply to it. Throws SqlScriptError (core/sql_script.hpp) for an unterminated quote or comment.
SqlLint lint_sql(std::string_view script);

}  // namespace strata

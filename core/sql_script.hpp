// Splitting an SQL script (a revision's up/down file, edited by hand) into the statements it
// holds, so each can be run and reported on its own, with the line it starts on.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

struct ScriptStatement {
  std::string text;   // from the statement's first token to its last, without the ';'
  unsigned line = 0;  // 1-based line of the statement's first token
  bool operator==(const ScriptStatement&) const = default;
};

// Thrown for a quote or comment still open at the end of the script; names the line it opened on.
class SqlScriptError : public std::runtime_error {
 public:
  SqlScriptError(const std::string& message, unsigned line) : std::runtime_error(message), line_(line) {}
  unsigned line() const { return line_; }

 private:
  unsigned line_;
};

// Splits (on the tokens of sql_lexer) at ';' outside of '...' (with '' escapes), E'...' (backslash escapes),
// "identifiers",
// $$...$$ / $tag$...$tag$, -- and nested /* */ comments, and outside a BEGIN ATOMIC ... END body
// of CREATE FUNCTION/PROCEDURE (as psql does). Comments and whitespace before a statement are
// dropped; statements that are only comments or whitespace are dropped.
std::vector<ScriptStatement> split_statements(std::string_view sql);

}  // namespace strata

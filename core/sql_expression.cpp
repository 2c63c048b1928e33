#include "core/sql_expression.hpp"

#include "core/sql_lexer.hpp"

namespace strata {

std::optional<std::string> single_expression_problem(std::string_view sql) {
  if (sql.find('\0') != std::string_view::npos) return "it holds a NUL byte";
  int depth = 0;
  for (const SqlToken& token : lex_sql(sql)) {
    if (!token.terminated) return std::string("unterminated ") + describe(token.kind);
    switch (token.kind) {
      case SqlTokenKind::Semicolon: return "';' outside quotes: it must be one SQL expression, not statements";
      case SqlTokenKind::LineComment: return "a comment (--) is not allowed in it";
      case SqlTokenKind::BlockComment: return "a comment (/*) is not allowed in it";
      case SqlTokenKind::Punctuation:
        if (token.text == "(") ++depth;
        if (token.text == ")" && --depth < 0) return "unbalanced parentheses: ')' without '('";
        break;
      default: break;
    }
  }
  if (depth > 0) return "unbalanced parentheses: " + std::to_string(depth) + " '(' never closed";
  return std::nullopt;
}

}  // namespace strata

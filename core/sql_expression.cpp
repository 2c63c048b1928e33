#include "core/sql_expression.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

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

bool is_volatile_expression(std::string_view expression) {
  static constexpr std::string_view kVolatile[] = {
      "gen_random_uuid", "random",           "clock_timestamp",    "timeofday",        "nextval",      "setval",
      "txid_current",    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "random_normal"};
  const std::vector<SqlToken> tokens = lex_sql(expression);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].kind != SqlTokenKind::Word) continue;
    std::string word(tokens[i].text);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tokens[i + 1].text == "(" && std::find(std::begin(kVolatile), std::end(kVolatile), word) != std::end(kVolatile))
      return true;
  }
  return false;
}

std::string portable_expression(std::string_view expression) {
  std::string out;
  std::size_t copied = 0;
  for (const SqlToken& token : lex_sql(expression)) {
    if (token.kind != SqlTokenKind::String || token.text.find('\\') == std::string_view::npos) continue;
    const auto start = static_cast<std::size_t>(token.text.data() - expression.data());
    // U&'...' has escapes of its own, and no E can stand after its &.
    const std::string_view before = expression.substr(start < 2 ? 0 : start - 2, start < 2 ? 0 : 2);
    if (before == "U&" || before == "u&") continue;
    out.append(expression.substr(copied, start - copied));
    out += 'E';
    for (char c : token.text) out += c == '\\' ? std::string("\\\\") : std::string(1, c);
    copied = start + token.text.size();
  }
  out.append(expression.substr(copied));
  return out;
}

}  // namespace strata

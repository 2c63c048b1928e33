#include "core/index_key.hpp"

#include <algorithm>
#include <cctype>

#include "core/sql_expression.hpp"
#include "core/sql_lexer.hpp"
#include "core/trim.hpp"

namespace strata {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_punctuation(const SqlToken& token, std::string_view text) {
  return token.kind == SqlTokenKind::Punctuation && token.text == text;
}

// The index of the ')' closing the '(' at `open`, or tokens.size().
std::size_t closing_parenthesis(const std::vector<SqlToken>& tokens, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (is_punctuation(tokens[i], "(")) ++depth;
    if (is_punctuation(tokens[i], ")") && --depth == 0) return i;
  }
  return tokens.size();
}

// A (possibly schema-qualified) operator class name: identifier characters only, so that it can
// be quoted part by part.
bool is_opclass_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  });
}

}  // namespace

std::vector<std::string> split_index_keys(std::string_view list) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  int depth = 0;
  for (const SqlToken& token : lex_sql(list)) {
    if (is_punctuation(token, "(")) ++depth;
    if (is_punctuation(token, ")")) --depth;
    if (depth == 0 && is_punctuation(token, ",")) {
      const auto at = static_cast<std::size_t>(token.text.data() - list.data());
      keys.emplace_back(trim(list.substr(start, at - start)));
      start = at + 1;
    }
  }
  keys.emplace_back(trim(list.substr(start)));
  return keys;
}

std::optional<IndexKey> parse_index_key(std::string_view text, std::string& problem) {
  text = trim(text);
  if (text.empty()) {
    problem = "an empty key";
    return std::nullopt;
  }
  // A bare column name, whatever its characters (the graph holds names unquoted).
  if (text.find_first_of(" \t\n\r(") == std::string_view::npos && text.front() != '"') {
    return IndexKey{std::string(text), {}, {}, false, std::nullopt};
  }
  if (std::optional<std::string> why = single_expression_problem(text)) {
    problem = "key '" + std::string(text) + "' is not one SQL expression: " + *why;
    return std::nullopt;
  }
  const std::vector<SqlToken> tokens = lex_sql(text);
  const auto offset = [&](const SqlToken& token) { return static_cast<std::size_t>(token.text.data() - text.data()); };
  IndexKey key;
  std::size_t next = 0;
  if (is_punctuation(tokens[0], "(") ||
      (tokens[0].kind == SqlTokenKind::Word && tokens.size() > 1 && is_punctuation(tokens[1], "("))) {
    const bool call = !is_punctuation(tokens[0], "(");
    const std::size_t close = closing_parenthesis(tokens, call ? 1 : 0);
    const std::size_t begin = call ? 0 : offset(tokens[0]) + 1;
    key.expression = std::string(trim(text.substr(begin, offset(tokens[close]) - begin + (call ? 1 : 0))));
    if (key.expression.empty()) {
      problem = "key '" + std::string(text) + "' has an empty expression";
      return std::nullopt;
    }
    next = close + 1;
  } else if (tokens[0].kind == SqlTokenKind::Word) {
    key.column = std::string(tokens[0].text);
    next = 1;
  } else {
    problem = "key '" + std::string(text) + "' is neither a column nor an expression in parentheses";
    return std::nullopt;
  }
  // The rest: [opclass] [ASC|DESC] [NULLS FIRST|LAST], as words (an opclass may be qualified).
  std::vector<std::string> words;
  for (std::size_t i = next; i < tokens.size(); ++i) {
    const bool dot = is_punctuation(tokens[i], ".");
    if (tokens[i].kind != SqlTokenKind::Word && !dot) {
      problem = "key '" + std::string(text) + "': unexpected '" + std::string(tokens[i].text) +
                "' (after the column or expression come an opclass, ASC|DESC and NULLS FIRST|LAST)";
      return std::nullopt;
    }
    if (dot || (!words.empty() && words.back().back() == '.'))
      words.back() += tokens[i].text;
    else
      words.emplace_back(tokens[i].text);
  }
  std::size_t at = 0;
  const auto is_word = [&](std::string_view word) { return at < words.size() && upper(words[at]) == word; };
  if (at < words.size() && !is_word("ASC") && !is_word("DESC") && !is_word("NULLS")) {
    if (!is_opclass_name(words[at]) || is_word("COLLATE")) {
      problem = "key '" + std::string(text) + "': '" + words[at] + "' is not an operator class";
      return std::nullopt;
    }
    key.opclass = words[at++];
  }
  if (is_word("ASC") || is_word("DESC")) key.descending = upper(words[at++]) == "DESC";
  if (is_word("NULLS")) {
    ++at;
    if (!is_word("FIRST") && !is_word("LAST")) {
      problem = "key '" + std::string(text) + "': NULLS must be followed by FIRST or LAST";
      return std::nullopt;
    }
    const bool first = upper(words[at++]) == "FIRST";
    if (first != key.descending) key.nulls_first = first;  // NULLS LAST is ASC's default, FIRST DESC's
  }
  if (at < words.size()) {
    problem = "key '" + std::string(text) + "': unexpected '" + words[at] +
              "' (expected an opclass, then ASC|DESC, then NULLS FIRST|LAST)";
    return std::nullopt;
  }
  return key;
}

std::string index_key_text(const IndexKey& key) {
  std::string text = key.column.empty() ? "(" + key.expression + ")" : key.column;
  if (!key.opclass.empty()) text += " " + key.opclass;
  if (key.descending) text += " DESC";
  if (key.nulls_first) text += *key.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return text;
}

std::optional<std::string> index_key_column(std::string_view text) {
  std::string problem;
  std::optional<IndexKey> key = parse_index_key(text, problem);
  if (!key || key->column.empty()) return std::nullopt;
  return key->column;
}

std::string rename_index_key_column(const std::string& text, const std::string& from, const std::string& to) {
  if (text == from) return to;
  std::string problem;
  std::optional<IndexKey> key = parse_index_key(text, problem);
  if (!key || key->column != from) return text;
  key->column = to;
  return index_key_text(*key);
}

std::vector<std::string> index_columns(const Index& index) {
  std::vector<std::string> columns;
  for (const std::string& key : index.columns)
    if (std::optional<std::string> column = index_key_column(key)) columns.push_back(*column);
  columns.insert(columns.end(), index.include.begin(), index.include.end());
  return columns;
}

bool is_plain_unique_index(const Index& index) {
  return index.unique && !index.where &&
         std::all_of(index.columns.begin(), index.columns.end(),
                     [](const std::string& key) { return index_key_column(key) == key; });
}

}  // namespace strata

#include "core/sql_lexer.hpp"

#include <cctype>
#include <optional>
#include <string_view>

namespace strata {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool is_ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) != 0 || c == '_' || u >= 0x80;
}

bool is_ident_cont(char c) { return is_ident_start(c) || is_digit(c) || c == '$'; }

bool is_operator_char(char c) { return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<SqlToken> run() {
    while (pos_ < sql_.size()) {
      if (std::isspace(static_cast<unsigned char>(sql_[pos_])) != 0) {
        advance_to(pos_ + 1);
      } else {
        lex_token();
      }
    }
    return std::move(tokens_);
  }

 private:
  static constexpr std::size_t kNone = std::string_view::npos;

  char at(std::size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void advance_to(std::size_t end) {
    for (; pos_ < end && pos_ < sql_.size(); ++pos_)
      if (sql_[pos_] == '\n') ++line_;
  }

  void lex_token() {
    const std::size_t start = pos_;
    const unsigned line = line_;
    bool terminated = true;
    const SqlTokenKind kind = scan(terminated);
    tokens_.push_back(SqlToken{kind, sql_.substr(start, pos_ - start), line, terminated});
  }

  SqlTokenKind scan(bool& terminated) {
    const char c = sql_[pos_];
    const char next = at(pos_ + 1);
    if (c == '-' && next == '-') {
      const std::size_t end = sql_.find('\n', pos_);
      advance_to(end == kNone ? sql_.size() : end);
      return SqlTokenKind::LineComment;
    }
    if (c == '/' && next == '*') {
      terminated = scan_block_comment();
      return SqlTokenKind::BlockComment;
    }
    if (c == ';') return single(SqlTokenKind::Semicolon);
    if (c == '\'') {
      terminated = scan_quoted('\'', false);
      return SqlTokenKind::String;
    }
    if (c == '"') {
      terminated = scan_quoted('"', false);
      return SqlTokenKind::QuotedIdentifier;
    }
    if ((c == 'E' || c == 'e') && next == '\'') {
      advance_to(pos_ + 1);
      terminated = scan_quoted('\'', true);
      return SqlTokenKind::EscapeString;
    }
    if (c == '$' && is_digit(next)) {
      std::size_t end = pos_ + 1;
      while (is_digit(at(end))) ++end;
      advance_to(end);
      return SqlTokenKind::Parameter;
    }
    if (c == '$') {
      if (auto dollar = scan_dollar_quoted(terminated)) return *dollar;
      return single(SqlTokenKind::Punctuation);
    }
    if (is_ident_start(c)) {
      std::size_t end = pos_;
      while (end < sql_.size() && is_ident_cont(sql_[end])) ++end;
      advance_to(end);
      return SqlTokenKind::Word;
    }
    if (is_digit(c) || (c == '.' && is_digit(next))) {
      scan_number();
      return SqlTokenKind::Number;
    }
    if (is_operator_char(c)) {
      std::size_t end = pos_;
      // A "--" or "/*" inside a run of operator characters starts a comment.
      while (end < sql_.size() && is_operator_char(sql_[end]) &&
             !(end > pos_ && ((sql_[end] == '-' && at(end + 1) == '-') || (sql_[end] == '/' && at(end + 1) == '*'))))
        ++end;
      // As PostgreSQL: a trailing + or - is its own operator ("<=-1" is "<=" "-" "1") unless the
      // run holds one of ~ ! @ # % ^ & | ` ?.
      if (sql_.substr(pos_, end - pos_).find_first_of("~!@#%^&|`?") == std::string_view::npos)
        while (end - pos_ > 1 && (sql_[end - 1] == '+' || sql_[end - 1] == '-')) --end;
      advance_to(end);
      return SqlTokenKind::Operator;
    }
    if (c == ':' && next == ':') {
      advance_to(pos_ + 2);
      return SqlTokenKind::Punctuation;
    }
    return single(SqlTokenKind::Punctuation);
  }

  SqlTokenKind single(SqlTokenKind kind) {
    advance_to(pos_ + 1);
    return kind;
  }

  bool scan_block_comment() {
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && at(pos_ + 1) == '*') {
        ++depth;
        advance_to(pos_ + 2);
      } else if (sql_[pos_] == '*' && at(pos_ + 1) == '/') {
        advance_to(pos_ + 2);
        if (--depth == 0) return true;
      } else {
        advance_to(pos_ + 1);
      }
    }
    return false;
  }

  // At the opening quote; a doubled quote is the quote itself, and with backslash escapes a
  // backslash escapes whatever follows it.
  bool scan_quoted(char quote, bool backslash_escapes) {
    advance_to(pos_ + 1);
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (backslash_escapes && c == '\\') {
        advance_to(pos_ + 2);
      } else if (c == quote && at(pos_ + 1) == quote) {
        advance_to(pos_ + 2);
      } else if (c == quote) {
        advance_to(pos_ + 1);
        return true;
      } else {
        advance_to(pos_ + 1);
      }
    }
    return false;
  }

  // $$...$$ or $tag$...$tag$ (a tag is an identifier without '$'); nullopt for a lone '$'.
  std::optional<SqlTokenKind> scan_dollar_quoted(bool& terminated) {
    std::size_t end = pos_ + 1;
    if (is_ident_start(at(end))) {
      while (end < sql_.size() && is_ident_cont(sql_[end]) && sql_[end] != '$') ++end;
    }
    if (at(end) != '$') return std::nullopt;
    const std::string_view delimiter = sql_.substr(pos_, end + 1 - pos_);
    const std::size_t close = sql_.find(delimiter, end + 1);
    terminated = close != kNone;
    advance_to(terminated ? close + delimiter.size() : sql_.size());
    return SqlTokenKind::DollarString;
  }

  void scan_number() {
    std::size_t end = pos_;
    while (is_digit(at(end))) ++end;
    if (at(end) == '.') {
      ++end;
      while (is_digit(at(end))) ++end;
    }
    if ((at(end) == 'e' || at(end) == 'E') &&
        (is_digit(at(end + 1)) || ((at(end + 1) == '+' || at(end + 1) == '-') && is_digit(at(end + 2))))) {
      end += 2;
      while (is_digit(at(end))) ++end;
    }
    advance_to(end);
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
  unsigned line_ = 1;
  std::vector<SqlToken> tokens_;
};

}  // namespace

std::vector<SqlToken> lex_sql(std::string_view sql) { return Lexer(sql).run(); }

const char* describe(SqlTokenKind kind) {
  switch (kind) {
    case SqlTokenKind::Word: return "word";
    case SqlTokenKind::QuotedIdentifier: return "quoted identifier";
    case SqlTokenKind::String: return "string literal";
    case SqlTokenKind::EscapeString: return "escape string literal";
    case SqlTokenKind::DollarString: return "dollar-quoted string";
    case SqlTokenKind::Number: return "number";
    case SqlTokenKind::Parameter: return "parameter";
    case SqlTokenKind::Operator: return "operator";
    case SqlTokenKind::Punctuation: return "punctuation";
    case SqlTokenKind::Semicolon: return "semicolon";
    case SqlTokenKind::LineComment: return "-- comment";
    case SqlTokenKind::BlockComment: return "/* comment";
  }
  return "token";
}

std::string identifier_name(const SqlToken& token) {
  std::string out;
  if (token.kind == SqlTokenKind::QuotedIdentifier) {
    for (std::size_t i = 1; i + 1 < token.text.size(); ++i) {
      out += token.text[i];
      if (token.text[i] == '"') ++i;  // "" is one "
    }
    return out;
  }
  for (char c : token.text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace strata

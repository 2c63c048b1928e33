#include "core/sql_script.hpp"

#include <array>
#include <cctype>
#include <string>

namespace strata {
namespace {

bool is_ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) != 0 || c == '_' || u >= 0x80;
}

bool is_ident_cont(char c) {
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// A lexer just deep enough to know where statements end; it follows psql's rules.
class Splitter {
 public:
  explicit Splitter(std::string_view sql) : sql_(sql) {}

  std::vector<ScriptStatement> run() {
    while (pos_ < sql_.size()) step();
    finish_statement();
    return std::move(statements_);
  }

 private:
  static constexpr std::size_t kNone = std::string_view::npos;

  char at(std::size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void advance(std::size_t count = 1) {
    for (std::size_t i = 0; i < count && pos_ < sql_.size(); ++i, ++pos_) {
      if (sql_[pos_] == '\n') ++line_;
    }
  }

  void step() {
    const char c = sql_[pos_];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) return advance();
    if (c == '-' && at(pos_ + 1) == '-') {
      while (pos_ < sql_.size() && sql_[pos_] != '\n') advance();
      return;
    }
    if (c == '/' && at(pos_ + 1) == '*') return skip_block_comment();

    const std::size_t token_start = pos_;
    const unsigned token_line = line_;
    if (c == ';' && paren_depth_ == 0 && begin_depth_ == 0) {
      advance();
      finish_statement();
      return;
    }
    if (c == '\'') {
      scan_quoted('\'', false, "string literal");
    } else if (c == '"') {
      scan_quoted('"', false, "quoted identifier");
    } else if (c == '$' && std::isdigit(static_cast<unsigned char>(at(pos_ + 1))) != 0) {
      advance();  // a positional parameter, $1
      while (std::isdigit(static_cast<unsigned char>(at(pos_))) != 0) advance();
    } else if (c == '$') {
      scan_dollar_or_symbol();
    } else if (is_ident_start(c)) {
      std::size_t end = pos_;
      while (end < sql_.size() && is_ident_cont(sql_[end])) ++end;
      const std::string_view word = sql_.substr(pos_, end - pos_);
      advance(end - pos_);
      if ((word == "E" || word == "e") && at(pos_) == '\'') {
        scan_quoted('\'', true, "escape string literal");
      } else {
        track_word(word);
      }
    } else {
      if (c == '(') ++paren_depth_;
      if (c == ')' && paren_depth_ > 0) --paren_depth_;
      advance();
    }
    mark_token(token_start, token_line);
  }

  void mark_token(std::size_t token_start, unsigned token_line) {
    if (start_ == kNone) {
      start_ = token_start;
      start_line_ = token_line;
    }
    last_token_end_ = pos_;
  }

  void finish_statement() {
    if (start_ != kNone) {
      statements_.push_back({std::string(sql_.substr(start_, last_token_end_ - start_)), start_line_});
    }
    start_ = kNone;
    paren_depth_ = 0;
    begin_depth_ = 0;
    word_count_ = 0;
    leading_words_.fill('\0');
  }

  [[noreturn]] void unterminated(const char* what, unsigned opened_line) const {
    throw SqlScriptError("SQL script: unterminated " + std::string(what) + " starting at line " +
                             std::to_string(opened_line),
                         opened_line);
  }

  void skip_block_comment() {
    const unsigned opened = line_;
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && at(pos_ + 1) == '*') {
        ++depth;
        advance(2);
      } else if (sql_[pos_] == '*' && at(pos_ + 1) == '/') {
        advance(2);
        if (--depth == 0) return;
      } else {
        advance();
      }
    }
    unterminated("/* comment", opened);
  }

  // At the opening quote; a doubled quote is the quote itself, and with backslash escapes a
  // backslash escapes whatever follows it.
  void scan_quoted(char quote, bool backslash_escapes, const char* what) {
    const unsigned opened = line_;
    advance();
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (backslash_escapes && c == '\\') {
        advance(2);
      } else if (c == quote && at(pos_ + 1) == quote) {
        advance(2);
      } else if (c == quote) {
        advance();
        return;
      } else {
        advance();
      }
    }
    unterminated(what, opened);
  }

  // $$...$$ or $tag$...$tag$; a lone '$' is just a character.
  void scan_dollar_or_symbol() {
    std::size_t end = pos_ + 1;
    if (is_ident_start(at(end))) {
      while (end < sql_.size() && is_ident_cont(sql_[end]) && sql_[end] != '$') ++end;
    }
    if (at(end) != '$') return advance();
    const std::string_view delimiter = sql_.substr(pos_, end + 1 - pos_);
    const unsigned opened = line_;
    advance(delimiter.size());
    const std::size_t close = sql_.find(delimiter, pos_);
    if (close == kNone) unterminated("dollar-quoted string", opened);
    advance(close + delimiter.size() - pos_);
  }

  // psql's heuristic: in CREATE [OR REPLACE] FUNCTION|PROCEDURE, a BEGIN (ATOMIC) ... END body
  // holds semicolons that do not end the statement; CASE ... END nests inside it.
  void track_word(std::string_view word) {
    if (word_count_ < leading_words_.size()) {
      for (const char* keyword : {"create", "function", "procedure", "or", "replace"}) {
        if (iequals(word, keyword)) leading_words_[word_count_] = keyword[0];
      }
    }
    ++word_count_;
    const auto& w = leading_words_;
    const bool creates_routine =
        w[0] == 'c' && (w[1] == 'f' || w[1] == 'p' || (w[1] == 'o' && w[2] == 'r' && (w[3] == 'f' || w[3] == 'p')));
    if (!creates_routine || paren_depth_ != 0) return;
    if (iequals(word, "begin")) {
      ++begin_depth_;
    } else if (iequals(word, "case")) {
      if (begin_depth_ > 0) ++begin_depth_;
    } else if (iequals(word, "end")) {
      if (begin_depth_ > 0) --begin_depth_;
    }
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
  unsigned line_ = 1;
  std::vector<ScriptStatement> statements_;

  std::size_t start_ = kNone;
  unsigned start_line_ = 0;
  std::size_t last_token_end_ = 0;
  int paren_depth_ = 0;
  int begin_depth_ = 0;
  std::size_t word_count_ = 0;
  std::array<char, 4> leading_words_{};
};

}  // namespace

std::vector<ScriptStatement> split_statements(std::string_view sql) { return Splitter(sql).run(); }

}  // namespace strata

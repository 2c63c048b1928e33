#include "core/sql_script.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "core/sql_lexer.hpp"

namespace strata {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// Groups the lexer's tokens into statements the way psql does.
class Splitter {
 public:
  explicit Splitter(std::string_view sql) : sql_(sql) {}

  std::vector<ScriptStatement> run() {
    for (const SqlToken& token : lex_sql(sql_)) {
      if (!token.terminated) {
        throw SqlScriptError("SQL script: unterminated " + std::string(describe(token.kind)) + " starting at line " +
                                 std::to_string(token.line),
                             token.line);
      }
      take(token);
    }
    finish_statement();
    return std::move(statements_);
  }

 private:
  void take(const SqlToken& token) {
    if (token.kind == SqlTokenKind::LineComment || token.kind == SqlTokenKind::BlockComment) return;
    if (token.kind == SqlTokenKind::Semicolon && paren_depth_ == 0 && begin_depth_ == 0) return finish_statement();
    if (token.kind == SqlTokenKind::Punctuation && token.text == "(") ++paren_depth_;
    if (token.kind == SqlTokenKind::Punctuation && token.text == ")" && paren_depth_ > 0) --paren_depth_;
    if (token.kind == SqlTokenKind::Word) track_word(token.text);
    const std::size_t offset = static_cast<std::size_t>(token.text.data() - sql_.data());
    if (!first_) {
      first_ = offset;
      first_line_ = token.line;
    }
    end_ = offset + token.text.size();
  }

  void finish_statement() {
    if (first_) statements_.push_back({std::string(sql_.substr(*first_, end_ - *first_)), first_line_});
    first_.reset();
    paren_depth_ = 0;
    begin_depth_ = 0;
    word_count_ = 0;
    leading_words_.fill('\0');
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
  std::vector<ScriptStatement> statements_;

  std::optional<std::size_t> first_;  // offset of the current statement's first token
  unsigned first_line_ = 0;
  std::size_t end_ = 0;  // offset just past its last token
  int paren_depth_ = 0;
  int begin_depth_ = 0;
  std::size_t word_count_ = 0;
  std::array<char, 4> leading_words_{};
};

}  // namespace

std::vector<ScriptStatement> split_statements(std::string_view sql) { return Splitter(sql).run(); }

}  // namespace strata

// PostgreSQL's lexical rules, the one place Strata reads SQL text: statement splitting
// (sql_script), spotting statements that cannot run in a transaction (postgres_dialect) and
// checking that an annotation is one expression (sql_expression) all go through lex_sql().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata {

enum class SqlTokenKind {
  Word,              // keyword or unquoted identifier; bytes >= 0x80 count as letters
  QuotedIdentifier,  // "name", "" inside is one "
  String,            // 'text', '' inside is one '
  EscapeString,      // E'text', backslash escapes whatever follows it
  DollarString,      // $$text$$ or $tag$text$tag$
  Number,            // 42, 3.14, 1e-5
  Parameter,         // $1
  Operator,          // + - * / < > = ~ ! @ # % ^ & | ` ? and runs of them (<>, ||)
  Punctuation,       // ( ) [ ] , . : :: and a lone $
  Semicolon,
  LineComment,   // -- to the end of the line
  BlockComment,  // /* */, nested
};

struct SqlToken {
  SqlTokenKind kind;
  std::string_view text;   // a view into the lexed SQL, delimiters included
  unsigned line = 1;       // 1-based line the token starts on
  bool terminated = true;  // false for a quote or comment still open at the end of the text
};

// The tokens of `sql` in order, whitespace left out. Never throws: an unterminated quote or
// comment is the last token, with terminated == false.
std::vector<SqlToken> lex_sql(std::string_view sql);

// The name a Word or QuotedIdentifier token stands for, as PostgreSQL folds it: unquoted
// lower-cased, quoted as written ("" is one ").
std::string identifier_name(const SqlToken& token);

// "string literal", "quoted identifier", "/* comment", ...: for messages.
const char* describe(SqlTokenKind kind);

}  // namespace strata

#include "core/sql_lexer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/golden.hpp"

namespace {

using strata::lex_sql;
using strata::SqlTokenKind;

// One token a line: "line kind text", newlines in the text shown as \n, "(unterminated)" when open.
std::string dump(std::string_view sql) {
  std::string out;
  for (const strata::SqlToken& token : lex_sql(sql)) {
    std::string text;
    for (char c : token.text) text += c == '\n' ? std::string("\\n") : std::string(1, c);
    out += std::to_string(token.line) + " " + describe(token.kind) + " " + text +
           (token.terminated ? "" : " (unterminated)") + "\n";
  }
  return out;
}

// Every tests/golden/sql_lexer/<case>/input.sql lexes to the tokens in <case>/tokens.txt.
TEST(SqlLexer, GoldenCases) {
  const std::filesystem::path root = strata::testing::golden_path("sql_lexer");
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    std::ifstream in(entry.path() / "input.sql", std::ios::binary);
    ASSERT_TRUE(in) << entry.path();
    std::ostringstream sql;
    sql << in.rdbuf();
    SCOPED_TRACE(entry.path().filename().string());
    expect_matches_golden("sql_lexer/" + entry.path().filename().string() + "/tokens.txt", dump(sql.str()));
    ++cases;
  }
  EXPECT_GE(cases, 8);
}

TEST(SqlLexer, TokensAreViewsIntoTheInputWithTheirLines) {
  const std::string sql = "SELECT\n  'a'\n;";
  const auto tokens = lex_sql(sql);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].text.data(), sql.data() + 9);
  EXPECT_EQ(tokens[1].line, 2u);
  EXPECT_EQ(tokens[2].kind, SqlTokenKind::Semicolon);
  EXPECT_EQ(tokens[2].line, 3u);
}

TEST(SqlLexer, EmptyAndBlankTextHaveNoTokens) {
  EXPECT_TRUE(lex_sql("").empty());
  EXPECT_TRUE(lex_sql(" \n\t").empty());
}

}  // namespace

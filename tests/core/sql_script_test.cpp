#include "core/sql_script.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using strata::ScriptStatement;
using strata::split_statements;
using strata::SqlScriptError;

std::vector<std::string> texts(const std::vector<ScriptStatement>& statements) {
  std::vector<std::string> out;
  for (const auto& statement : statements) out.push_back(statement.text);
  return out;
}

TEST(SplitStatements, SplitsAtSemicolonsAndRecordsStartLines) {
  const auto statements = split_statements(R"(CREATE TABLE "a" (id int);

  ALTER TABLE "a"
    ADD COLUMN "b" text;
INSERT INTO "a" VALUES (1))");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], (ScriptStatement{R"(CREATE TABLE "a" (id int))", 1}));
  EXPECT_EQ(statements[1], (ScriptStatement{"ALTER TABLE \"a\"\n    ADD COLUMN \"b\" text", 3}));
  EXPECT_EQ(statements[2], (ScriptStatement{R"(INSERT INTO "a" VALUES (1))", 5}));
}

TEST(SplitStatements, EmptyAndCommentOnlyScriptsHaveNoStatements) {
  EXPECT_TRUE(split_statements("").empty());
  EXPECT_TRUE(split_statements("  \n\t\n").empty());
  EXPECT_TRUE(split_statements("-- nothing here\n/* nor /* here */ */\n;;\n  ;").empty());
}

TEST(SplitStatements, LeadingCommentsAreDroppedAndTheLineIsTheFirstTokens) {
  const auto statements = split_statements("-- backfill\n/* two\nlines */\nUPDATE t SET x = 1; -- trailing\n");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].text, "UPDATE t SET x = 1");
  EXPECT_EQ(statements[0].line, 4u);
}

TEST(SplitStatements, CommentsInsideAStatementStay) {
  const auto statements = split_statements("SELECT 1 -- one; not a split\n + /* ; */ 2;SELECT 3");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{"SELECT 1 -- one; not a split\n + /* ; */ 2", "SELECT 3"}));
}

TEST(SplitStatements, StringLiteralsWithDoubledQuotes) {
  const auto statements = split_statements("INSERT INTO t VALUES ('it''s; fine', 'a\\');SELECT 'x'");
  // Plain strings: a backslash is an ordinary character (standard_conforming_strings).
  EXPECT_EQ(texts(statements), (std::vector<std::string>{"INSERT INTO t VALUES ('it''s; fine', 'a\\')", "SELECT 'x'"}));
}

TEST(SplitStatements, EscapeStringsHonourBackslashes) {
  const auto statements = split_statements(R"(SELECT E'a\'; still', e'\\';SELECT E'it''s;')");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{R"(SELECT E'a\'; still', e'\\')", R"(SELECT E'it''s;')"}));
}

TEST(SplitStatements, AnIdentifierEndingInEIsNotAnEscapeString) {
  // `some` then the string 'x\' — the backslash does not escape the closing quote.
  const auto statements = split_statements(R"(SELECT some'x\';SELECT 2)");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{R"(SELECT some'x\')", "SELECT 2"}));
}

TEST(SplitStatements, QuotedIdentifiers) {
  const auto statements = split_statements(R"(CREATE TABLE "we;ird""name" (id int);DROP TABLE "x")");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{R"(CREATE TABLE "we;ird""name" (id int))", R"(DROP TABLE "x")"}));
}

TEST(SplitStatements, DollarQuotingPlainAndTagged) {
  const std::string function = R"(CREATE FUNCTION f() RETURNS trigger AS $body$
BEGIN
  -- a $$ inside is text;
  RAISE NOTICE 'x;';
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql)";
  const auto statements = split_statements(function + ";\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1, a$b FROM t");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, function);
  EXPECT_EQ(statements[1], (ScriptStatement{"DO $$ BEGIN PERFORM 1; END $$", 8}));
  EXPECT_EQ(statements[2], (ScriptStatement{"SELECT $1, a$b FROM t", 9}));
}

TEST(SplitStatements, NestedBlockComments) {
  const auto statements = split_statements("/* outer /* inner; */ still comment; */ SELECT 1; /* x */ SELECT 2");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
}

TEST(SplitStatements, LineCountsSkipNewlinesInsideQuotesAndComments) {
  const auto statements = split_statements("SELECT 'a\nb';\n/*\n\n*/ SELECT $$\n$$;\n\"x\ny\";SELECT 4");
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0].line, 1u);
  EXPECT_EQ(statements[1].line, 5u);
  EXPECT_EQ(statements[2].line, 7u);
  EXPECT_EQ(statements[3].line, 8u);
}

TEST(SplitStatements, SemicolonsInsideParenthesesDoNotSplit) {
  const auto statements = split_statements("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);SELECT 3");
  EXPECT_EQ(texts(statements),
            (std::vector<std::string>{"CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "SELECT 3"}));
}

TEST(SplitStatements, BeginAtomicBodiesStayWhole) {
  const std::string routine = R"(CREATE OR REPLACE FUNCTION g(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
  SELECT x;
END)";
  const auto statements = split_statements(routine + ";\nBEGIN;\nSELECT 1;\nEND;");
  EXPECT_EQ(texts(statements), (std::vector<std::string>{routine, "BEGIN", "SELECT 1", "END"}));
}

TEST(SplitStatements, UnterminatedQuotesAndCommentsAreErrorsNamingTheLine) {
  const auto line_of = [](const std::string& sql) -> unsigned {
    try {
      split_statements(sql);
    } catch (const SqlScriptError& error) {
      return error.line();
    }
    return 0;
  };
  EXPECT_EQ(line_of("SELECT 1;\nSELECT 'open"), 2u);
  EXPECT_EQ(line_of("SELECT 1;\n\nSELECT $x$ body"), 3u);
  EXPECT_EQ(line_of("/* /* */"), 1u);
  EXPECT_EQ(line_of("SELECT \"open"), 1u);
  EXPECT_EQ(line_of("SELECT E'\\'"), 1u);
  EXPECT_THROW(split_statements("SELECT 'x"), std::runtime_error);
}

}  // namespace

#include "core/sql_expression.hpp"

#include <gtest/gtest.h>

#include <string>

namespace strata {
namespace {

TEST(SingleExpression, AcceptsExpressionsWithQuotedSemicolonsAndNesting) {
  for (const char* ok : {"now()", "0", "'a;b'", "E'it\\'s; fine'", "$$; --$$", "\"weird;name\" > 0",
                         "lower(email) = any (array['a', 'b'])", "price * qty - 1", "character varying(255)",
                         "'C:\\temp\\'", "jsonb_build_object('k', 1)::text", "x->>'--' IS NOT NULL"}) {
    EXPECT_EQ(single_expression_problem(ok), std::nullopt) << ok;
  }
}

TEST(SingleExpression, RejectsAnythingThatCouldEndOrHideTheStatement) {
  const auto problem = [](std::string_view sql) { return single_expression_problem(sql).value_or("<accepted>"); };
  EXPECT_EQ(problem("0; DROP TABLE \"public\".\"victim\"; SELECT 1 WHERE true IS"),
            "';' outside quotes: it must be one SQL expression, not statements");
  EXPECT_EQ(problem("'open"), "unterminated string literal");
  EXPECT_EQ(problem("1 /* x"), "unterminated /* comment");
  EXPECT_EQ(problem("\"x"), "unterminated quoted identifier");
  EXPECT_EQ(problem("$$x"), "unterminated dollar-quoted string");
  EXPECT_EQ(problem("E'\\'"), "unterminated escape string literal");
  EXPECT_EQ(problem("1 -- rest"), "a comment (--) is not allowed in it");
  EXPECT_EQ(problem("1 /* c */"), "a comment (/*) is not allowed in it");
  EXPECT_EQ(problem("x > 0) OR (true"), "unbalanced parentheses: ')' without '('");
  EXPECT_EQ(problem("f((1)"), "unbalanced parentheses: 1 '(' never closed");
  EXPECT_EQ(problem(std::string("1\0; x", 5)), "it holds a NUL byte");
  EXPECT_EQ(problem("1\n;"), "';' outside quotes: it must be one SQL expression, not statements");
}

TEST(PortableExpression, BackslashStringsBecomeEscapeStrings) {
  EXPECT_EQ(portable_expression("'C:\\temp\\' || 'x'"), "E'C:\\\\temp\\\\' || 'x'");
  EXPECT_EQ(portable_expression("'it''s \\ here'"), "E'it''s \\\\ here'");
  // Unchanged: no backslash, already E'', dollar quoting, identifiers, U&'' (its own escapes).
  for (const char* same : {"'plain'", "E'\\n'", "$$a\\b$$", "\"a\\b\"", "U&'d\\0061t'", "now()"})
    EXPECT_EQ(portable_expression(same), same) << same;
}

// Online mode backfills a NOT NULL column whose default is volatile (one value per row).
TEST(VolatileExpression, FunctionsEvaluatedPerRowOnly) {
  for (const char* volatile_default : {"gen_random_uuid()", "random() * 10", "NEXTVAL('s'::regclass)",
                                       "md5(clock_timestamp()::text)", "uuid_generate_v4 ()"})
    EXPECT_TRUE(is_volatile_expression(volatile_default)) << volatile_default;
  for (const char* stable_default : {"now()", "'random()'", "0", "'eu'::text", "\"random\"", "CURRENT_TIMESTAMP"})
    EXPECT_FALSE(is_volatile_expression(stable_default)) << stable_default;
}

}  // namespace
}  // namespace strata

// Index keys (issue 14): what an annotation's key list may say, the canonical text the graph
// keeps, and what is refused (anything that is not one key: a statement, a comment, junk after it).
#include "core/index_key.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata {
namespace {

std::string canonical(const std::string& text) {
  std::string problem;
  const std::optional<IndexKey> key = parse_index_key(text, problem);
  EXPECT_TRUE(key.has_value()) << text << ": " << problem;
  return key ? index_key_text(*key) : "";
}

std::string refusal(const std::string& text) {
  std::string problem;
  EXPECT_FALSE(parse_index_key(text, problem).has_value()) << text;
  return problem;
}

TEST(IndexKey, ColumnsExpressionsDirectionsAndOpclasses) {
  EXPECT_EQ(canonical("email"), "email");
  EXPECT_EQ(canonical("created_at desc"), "created_at DESC");
  EXPECT_EQ(canonical("created_at ASC"), "created_at");                 // ASC is the default
  EXPECT_EQ(canonical("created_at DESC NULLS FIRST"), "created_at DESC");  // DESC's default
  EXPECT_EQ(canonical("created_at DESC NULLS LAST"), "created_at DESC NULLS LAST");
  EXPECT_EQ(canonical("created_at nulls first"), "created_at NULLS FIRST");
  EXPECT_EQ(canonical("lower(email)"), "(lower(email))");  // a function call needs no parentheses
  EXPECT_EQ(canonical("(lower(email))"), "(lower(email))");
  EXPECT_EQ(canonical("( price * qty ) DESC"), "(price * qty) DESC");
  EXPECT_EQ(canonical("tags gin_trgm_ops"), "tags gin_trgm_ops");
  EXPECT_EQ(canonical("name public.text_pattern_ops DESC"), "name public.text_pattern_ops DESC");
  EXPECT_EQ(canonical("(coalesce(a, ',')) text_ops"), "(coalesce(a, ',')) text_ops");
}

TEST(IndexKey, AListSplitsAtTopLevelCommasOnly) {
  EXPECT_EQ(split_index_keys("lower(email), created_at DESC"),
            (std::vector<std::string>{"lower(email)", "created_at DESC"}));
  EXPECT_EQ(split_index_keys("(coalesce(a, ',')), b"), (std::vector<std::string>{"(coalesce(a, ','))", "b"}));
  EXPECT_EQ(split_index_keys("a"), (std::vector<std::string>{"a"}));
}

TEST(IndexKey, WhatIsNotOneKeyIsRefusedWithAReason) {
  EXPECT_EQ(refusal(""), "an empty key");
  EXPECT_NE(refusal("(a); DROP TABLE victim").find("not one SQL expression"), std::string::npos);
  EXPECT_NE(refusal("(a) -- DESC").find("not one SQL expression"), std::string::npos);
  EXPECT_NE(refusal("lower(email").find("not one SQL expression"), std::string::npos);
  EXPECT_NE(refusal("a DESC ASC").find("unexpected 'ASC'"), std::string::npos);
  EXPECT_NE(refusal("a NULLS").find("NULLS must be followed by FIRST or LAST"), std::string::npos);
  EXPECT_NE(refusal("(a) + 1").find("unexpected '+'"), std::string::npos);
  EXPECT_NE(refusal("a 'x'").find("unexpected"), std::string::npos);
  EXPECT_NE(refusal("()").find("empty expression"), std::string::npos);
  EXPECT_NE(refusal("a COLLATE \"C\"").find("unexpected"), std::string::npos);
}

TEST(IndexKey, TheColumnOfAKeyAndItsRename) {
  EXPECT_EQ(index_key_column("email"), "email");
  EXPECT_EQ(index_key_column("created_at DESC"), "created_at");
  EXPECT_EQ(index_key_column("(lower(email))"), std::nullopt);
  EXPECT_EQ(rename_index_key_column("created_at DESC", "created_at", "made_at"), "made_at DESC");
  EXPECT_EQ(rename_index_key_column("(lower(email))", "email", "mail"), "(lower(email))");
  Index partial{"ux", {"(lower(email))", "tenant_id DESC"}, true};
  partial.include = {"name"};
  EXPECT_EQ(index_columns(partial), (std::vector<std::string>{"tenant_id", "name"}));
  EXPECT_FALSE(is_plain_unique_index(partial));
  EXPECT_TRUE(is_plain_unique_index(Index{"ux", {"a", "b"}, true}));
  Index soft_delete{"ux", {"a"}, true};
  soft_delete.where = "deleted_at IS NULL";
  EXPECT_FALSE(is_plain_unique_index(soft_delete));  // a foreign key cannot rest on a partial index
}

}  // namespace
}  // namespace strata

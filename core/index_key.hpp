// One key of an index: a column or an expression, with an optional opclass, direction and NULLS
// order. Index::columns holds each key as index_key_text(): a key on a column with no options
// stays the bare column name, so indexes of earlier snapshots read the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

struct IndexKey {
  std::string column;      // the column, or empty when the key is an expression
  std::string expression;  // the expression without its outer parentheses, or empty
  std::string opclass = {};  // empty: the column type's default operator class
  bool descending = false;
  std::optional<bool> nulls_first = {};  // set only when it is not the direction's default
  bool operator==(const IndexKey&) const = default;
};

// A key as written in an annotation or stored in a graph: `email`, `created_at DESC`,
// `tags gin_trgm_ops`, `(lower(email))`, `lower(email)` (a function call needs no parentheses),
// `(a + b) DESC NULLS LAST`. nullopt with `problem` set when it is not one: the expression must be
// one SQL expression (sql_expression.hpp), anything after it an opclass and ASC|DESC and
// NULLS FIRST|LAST in that order.
std::optional<IndexKey> parse_index_key(std::string_view text, std::string& problem);

// A key list "lower(email), created_at DESC" split at its top-level commas (a comma inside
// parentheses or quotes belongs to its key); each piece trimmed, none checked.
std::vector<std::string> split_index_keys(std::string_view list);

// The canonical text (what Index::columns holds): ASC and a default NULLS order left out, an
// expression in parentheses, keywords upper-case.
std::string index_key_text(const IndexKey& key);

// The column a stored key text is on, or nullopt for an expression (or text that is no key).
std::optional<std::string> index_key_column(std::string_view text);

// `text` with the column it is on renamed from `from` to `to` (unchanged when it is on another
// column or an expression: an expression naming the column follows it in PostgreSQL, in the model
// it is the user's text).
std::string rename_index_key_column(const std::string& text, const std::string& from, const std::string& to);

// The columns `index` names: those its keys are on, then its INCLUDE columns (the columns an
// expression reads are the user's SQL, not known here).
std::vector<std::string> index_columns(const Index& index);

// Whether `index` is a key a foreign key can rest on: unique, not partial, every key a bare column.
bool is_plain_unique_index(const Index& index);

}  // namespace strata

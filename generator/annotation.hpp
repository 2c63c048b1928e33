// The strings the macros of include/strata/annotate.hpp leave in [[clang::annotate]]:
// "strata:<key>" or "strata:<key>=<value>", multi-part values joined by '|', column lists "a, b".
// Pure text parsing; the scanner decides where each annotation is allowed and reports errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

struct Annotation {
  std::string key;                   // "table", "pk", "fk", ...
  std::optional<std::string> value;  // the text after '='; absent for flags (STRATA_PK)
};

// nullopt when `text` is not a Strata annotation (other [[clang::annotate]] uses are ignored).
std::optional<Annotation> parse_annotation(std::string_view text);

enum class AnnotationTarget { Struct, Enum, Member, Enumerator };

// Whether `key` is part of the vocabulary at all, and whether it may annotate `target`.
bool is_known_annotation(std::string_view key);
bool is_allowed_on(std::string_view key, AnnotationTarget target);
// Whether one declaration may carry `key` several times (STRATA_INDEX, STRATA_UNIQUE_TOGETHER, ...).
bool is_repeatable(std::string_view key);

// The annotation as the user wrote it, for messages: STRATA_LENGTH(abc), STRATA_INDEX("ix", "a, b"),
// STRATA_PK.
std::string macro_call(const Annotation& annotation);

// A parsed value, or why it is malformed ("expected a positive integer").
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;
};

struct NamedColumns {
  std::string name;
  std::vector<std::string> columns;
};

struct NamedExpression {
  std::string name;
  std::string expression;
};

// STRATA_POLICY(name, command, using): the command as written, USING absent when "".
struct PolicyDeclaration {
  std::string name;
  std::string command;
  std::optional<std::string> using_expr;
};

// STRATA_POLICY_ROLES(name, "a, b").
struct NamedRoles {
  std::string name;
  std::vector<std::string> roles;
};

struct FkTarget {
  std::optional<std::string> schema;  // absent: the referencing table's schema
  std::string table;
  std::string column;
};

struct IndexMethod {
  std::string index;
  std::string method;  // lower case; empty for btree
};

struct CompositeForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::optional<std::string> schema;  // absent: the referencing table's schema
  std::string table;
  std::vector<std::string> ref_columns;
};

struct NamedFkAction {
  std::string name;
  FkAction action;
};

Parsed<std::string> parse_name(std::string_view value);        // non-empty, no surrounding spaces
Parsed<std::string> parse_text(std::string_view value);        // non-empty, no NUL (comments)
Parsed<std::string> parse_expression(std::string_view value);  // one SQL expression (defaults, checks)
Parsed<std::string> parse_type(std::string_view value);        // a type name (core/sql_type.hpp sql_type_problem)
Parsed<std::vector<std::string>> parse_column_list(std::string_view value);  // "a, b"
Parsed<NamedColumns> parse_named_columns(std::string_view value);            // "name|a, b"
Parsed<NamedExpression> parse_named_expression(std::string_view value);      // "name|expr", expr as parse_expression
Parsed<PolicyDeclaration> parse_policy(std::string_view value);  // "name|ALL|expr", command checked, expr may be ""
Parsed<NamedRoles> parse_named_roles(std::string_view value);    // "name|role, role"
Parsed<unsigned> parse_length(std::string_view value);                       // 1 .. 10485760
Parsed<FkTarget> parse_fk_target(std::string_view value);                    // "[schema.]table.column"
Parsed<FkAction> parse_fk_action(std::string_view value);                    // "cascade", "set null", ...
// "name|lower(email), created_at DESC": keys as index_key.hpp reads them, in their canonical text.
Parsed<NamedColumns> parse_named_index_keys(std::string_view value);
Parsed<IndexMethod> parse_index_method(std::string_view value);  // "name|gin": btree, hash, gin, gist, brin, spgist
// "name|a, b|[schema.]table(x, y)", as many columns as referenced columns.
Parsed<CompositeForeignKey> parse_composite_foreign_key(std::string_view value);
Parsed<NamedFkAction> parse_named_fk_action(std::string_view value);  // "name|cascade"

}  // namespace strata

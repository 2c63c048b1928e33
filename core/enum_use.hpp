// The columns that use an enum type: what recreating the type (to drop a label) must convert.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

// A column whose type is the enum or an array of it. Its default is dropped and set again around
// the conversion, because PostgreSQL cannot cast a default to the recreated type by itself.
struct EnumUse {
  std::string schema;
  std::string table;
  std::string column;
  std::string type;  // the column's type as in the graph: "\"public\".\"plan\"" or "\"public\".\"plan\"[]"
  std::optional<std::string> default_expr;
  bool operator==(const EnumUse&) const = default;
};

// True when `column_type` is the enum `enum_schema.enum_name` or an array of it.
bool uses_enum(const std::string& column_type, const std::string& enum_schema, const std::string& enum_name);

// Every column of `graph` that uses the enum, in canonical order (schema, table, column order).
std::vector<EnumUse> enum_uses(const ModelGraph& graph, const std::string& enum_schema, const std::string& enum_name);

// A check, or an index with a predicate or expression keys, that mentions a column using the enum.
// Recreating the type (to drop a label) makes PostgreSQL re-parse it, and its literals still name
// the old type ("operator does not exist: status <> status_old"): it is dropped before the
// conversion and made again after it. Exactly one of `check` and `index` is set.
struct EnumDependent {
  std::string schema;
  std::string table;
  std::optional<CheckConstraint> check;
  std::optional<Index> index;
  bool operator==(const EnumDependent&) const = default;
};

// The dependents in `graph` of the columns `uses`, in canonical order.
std::vector<EnumDependent> enum_dependents(const ModelGraph& graph, const std::vector<EnumUse>& uses);

// What in `graph` still holds the label `label` of the enum as a literal: a default of a column of
// the enum, or a dependent (above) — each as "check ck_x on public.t", "index ix on public.t",
// "the default of public.t.c". Dropping the label must wait until none does.
std::vector<std::string> label_users(const ModelGraph& graph, const std::string& enum_schema,
                                     const std::string& enum_name, const std::string& label);

}  // namespace strata

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

}  // namespace strata

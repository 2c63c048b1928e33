// Small helpers to build model graphs in memory for the diff engine's tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model_graph.hpp"

namespace strata::testing {

inline Column column(std::string name, std::string type, bool nullable = false,
                     std::optional<std::string> default_expr = std::nullopt) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  c.default_expr = std::move(default_expr);
  return c;
}

inline Column identity_column(std::string name, std::string type = "bigint") {
  Column c = column(std::move(name), std::move(type));
  c.identity = true;
  return c;
}

// A table with an identity "id" primary key named pk_<name>, then `columns`.
inline Table table(std::string name, std::vector<Column> columns = {}) {
  Table t;
  t.name = std::move(name);
  t.columns.push_back(identity_column("id"));
  for (Column& c : columns) t.columns.push_back(std::move(c));
  t.primary_key = {"pk_" + t.name, {"id"}};
  return t;
}

inline ForeignKey foreign_key(std::string name, std::string column_name, std::string ref_table,
                              std::string ref_schema = "public", FkAction on_delete = FkAction::NoAction) {
  return ForeignKey{std::move(name), {std::move(column_name)}, std::move(ref_schema), std::move(ref_table), {"id"},
                    on_delete, FkAction::NoAction};
}

// Adds `t` to schema `schema` of `graph` and keeps the graph canonical.
inline ModelGraph& add(ModelGraph& graph, const std::string& schema, Table t) {
  graph.schema(schema).tables.push_back(std::move(t));
  graph.canonicalize();
  return graph;
}

inline ModelGraph& add_enum(ModelGraph& graph, const std::string& schema, EnumType e) {
  graph.schema(schema).enums.push_back(std::move(e));
  graph.canonicalize();
  return graph;
}

}  // namespace strata::testing

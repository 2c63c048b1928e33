#include "core/enum_use.hpp"

#include "core/sql_type.hpp"

namespace strata {

bool uses_enum(const std::string& column_type, const std::string& enum_schema, const std::string& enum_name) {
  const std::string base = enum_sql_type(enum_schema, enum_name);
  if (column_type.compare(0, base.size(), base) != 0) return false;
  for (std::size_t i = base.size(); i < column_type.size(); i += 2)
    if (column_type.compare(i, 2, "[]") != 0) return false;
  return true;
}

std::vector<EnumUse> enum_uses(const ModelGraph& graph, const std::string& enum_schema, const std::string& enum_name) {
  std::vector<EnumUse> uses;
  for (const Schema& s : graph.schemas)
    for (const Table& t : s.tables)
      for (const Column& c : t.columns)
        if (uses_enum(c.type, enum_schema, enum_name)) uses.push_back({s.name, t.name, c.name, c.type, c.default_expr});
  return uses;
}

}  // namespace strata

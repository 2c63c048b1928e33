#include "core/citus_tables.hpp"

#include <string>
#include <type_traits>
#include <variant>

namespace strata {
namespace {

// The table an operation changes (its name when it runs); empty for schema and enum operations.
std::string table_of(const Operation& op) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable> || std::is_same_v<T, DropTable>)
          return o.table.name;
        else if constexpr (std::is_same_v<T, RenameTable>)
          return o.to;
        else if constexpr (requires {
                             { o.table } -> std::convertible_to<std::string>;
                           })
          return o.table;
        else
          return {};
      },
      op);
}

std::string schema_of(const Operation& op) {
  return std::visit([](const auto& o) { return o.schema; }, op);
}

bool is_citus_table(const ModelGraph& graph, const std::string& schema, const std::string& table) {
  const Table* found = graph.find_table(schema, table);
  return found && found->distribution;
}

}  // namespace

bool touches_citus_tables(const std::vector<Operation>& ops, const ModelGraph& before, const ModelGraph& after) {
  for (const Operation& op : ops) {
    if (std::holds_alternative<DistributeTable>(op) || std::holds_alternative<UndistributeTable>(op)) return true;
    if (const auto* create = std::get_if<CreateTable>(&op); create && create->table.distribution) return true;
    if (const auto* drop = std::get_if<DropTable>(&op); drop && drop->table.distribution) return true;
    const std::string table = table_of(op);
    if (table.empty()) continue;
    const std::string schema = schema_of(op);
    if (is_citus_table(before, schema, table) || is_citus_table(after, schema, table)) return true;
    if (const auto* rename = std::get_if<RenameTable>(&op); rename && is_citus_table(before, schema, rename->from))
      return true;
  }
  return false;
}

}  // namespace strata

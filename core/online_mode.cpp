#include "core/online_mode.hpp"

#include <optional>
#include <set>
#include <type_traits>
#include <utility>

#include "core/operation_risk.hpp"

namespace strata {
namespace {

using TableName = std::pair<std::string, std::string>;

// The table an operation changes in place; none for schemas, enums, and creating or dropping a
// whole table.
std::optional<TableName> changed_table(const Operation& op) {
  return std::visit(
      [](const auto& o) -> std::optional<TableName> {
        using Op = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<Op, RenameTable>) {
          return TableName{o.schema, o.from};
        } else if constexpr (requires { o.table.substr(); }) {
          return TableName{o.schema, o.table};
        } else {
          return std::nullopt;
        }
      },
      op);
}

std::string recipe(const std::string& change) {
  return change +
         ". Online mode refuses it: the running application would stop or wait on it. Expand and contract "
         "instead, over several revisions and deployments: (1) add the new column (or table) beside the old one, "
         "nullable; (2) backfill it in batches and keep both in step (the application writes both, or a trigger); "
         "(3) switch the application to the new one and deploy; (4) drop the old one in a later revision. Or "
         "pass --allow-blocking to take the lock and accept the downtime";
}

}  // namespace

std::vector<bool> changes_existing_table(const std::vector<Operation>& ops, const ModelGraph& from) {
  std::set<TableName> dropped;
  for (const Operation& op : ops)
    if (const auto* drop = std::get_if<DropTable>(&op)) dropped.insert({drop->schema, drop->table.name});
  // Names as the plan goes: a table renamed before the change is found under its old name.
  std::set<TableName> existing;
  for (const Schema& schema : from.schemas)
    for (const Table& table : schema.tables) existing.insert({schema.name, table.name});
  std::vector<bool> out;
  for (const Operation& op : ops) {
    const std::optional<TableName> table = changed_table(op);
    out.push_back(table && existing.count(*table) > 0 && dropped.count(*table) == 0);
    if (const auto* rename = std::get_if<RenameTable>(&op); rename && existing.erase({rename->schema, rename->from}))
      existing.insert({rename->schema, rename->to});
    if (const auto* move = std::get_if<SetTableSchema>(&op); move && existing.erase({move->schema, move->table}))
      existing.insert({move->to_schema, move->table});
    if (const auto* drop = std::get_if<DropTable>(&op)) existing.erase({drop->schema, drop->table.name});
  }
  return out;
}

std::vector<OnlineRefusal> online_refusals(const std::vector<Operation>& ops, const ModelGraph& from) {
  const std::vector<bool> existing = changes_existing_table(ops, from);
  std::vector<OnlineRefusal> out;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!existing[i]) continue;
    if (const auto* alter = std::get_if<AlterColumn>(&ops[i]);
        alter && (alter->changes & kChangeType) && rewrites_table(alter->from.type, alter->to.type)) {
      out.push_back({i, recipe("change type of column " + qualified(alter->schema, alter->table, alter->from.name) +
                               " from " + alter->from.type + " to " + alter->to.type +
                               " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock")});
    } else if (const auto* rename = std::get_if<RenameColumn>(&ops[i])) {
      out.push_back({i, recipe("rename column " + qualified(rename->schema, rename->table, rename->from) + " to " +
                               rename->to + " breaks the running application, which still uses the old name")});
    } else if (const auto* rename_table = std::get_if<RenameTable>(&ops[i])) {
      out.push_back({i, recipe("rename table " + qualified(rename_table->schema, rename_table->from) + " to " +
                               rename_table->to + " breaks the running application, which still uses the old name")});
    } else if (const auto* move = std::get_if<SetTableSchema>(&ops[i])) {
      out.push_back({i, recipe("move table " + qualified(move->schema, move->table) + " to schema " + move->to_schema +
                               " breaks the running application, which still uses the old name")});
    }
  }
  return out;
}

std::vector<std::vector<Risk>> assess_online(const std::vector<Operation>& ops, const ModelGraph& from) {
  std::vector<std::vector<Risk>> risks = assess(ops, from);
  const std::vector<bool> existing = changes_existing_table(ops, from);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const bool lock_free = std::visit(
        [](const auto& o) {
          using Op = std::decay_t<decltype(o)>;
          return std::is_same_v<Op, CreateIndex> || std::is_same_v<Op, DropIndex> || std::is_same_v<Op, AddUnique> ||
                 std::is_same_v<Op, AddPrimaryKey> || std::is_same_v<Op, AddCheck> || std::is_same_v<Op, AddForeignKey>;
        },
        ops[i]);
    if (!existing[i] || !lock_free) continue;
    std::erase_if(risks[i], [](const Risk& risk) { return risk.kind == Risk::Warning; });
  }
  return risks;
}

std::vector<std::vector<Statement>> render_each_online(const std::vector<Operation>& ops, const ModelGraph& from) {
  std::vector<bool> online = changes_existing_table(ops, from);
  // An index on a table the revision creates is built CONCURRENTLY too: as fast on an empty table,
  // and the file has no plain CREATE INDEX for a reviewer or a linter to question.
  for (std::size_t i = 0; i < ops.size(); ++i) online[i] = online[i] || std::holds_alternative<CreateIndex>(ops[i]);
  return render_each(ops, online);
}

}  // namespace strata

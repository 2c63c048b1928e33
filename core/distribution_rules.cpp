#include "core/distribution_rules.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/in_quotes.hpp"
#include "core/joined.hpp"

namespace strata {
namespace {

bool is_distributed(const Table& table) {
  return table.distribution && table.distribution->kind == Distribution::Kind::Distributed;
}
bool is_reference(const Table& table) {
  return table.distribution && table.distribution->kind == Distribution::Kind::Reference;
}

// "schema.table" split at its first dot; nullptr when the graph has no such table.
const Table* find_qualified(const ModelGraph& graph, const std::string& name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos) return nullptr;
  return graph.find_table(name.substr(0, dot), name.substr(dot + 1));
}

bool contains(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

// The colocation group of a distributed table: the end of its STRATA_COLOCATE_WITH chain, named
// by the type of that table's distribution column ("default:bigint").
std::string colocation_group(const ModelGraph& graph, const std::string& schema, const Table& table) {
  std::set<std::string> seen;
  const Table* current = &table;
  std::string current_key = qualified(schema, table.name);
  while (is_distributed(*current) && !current->distribution->colocate_with.empty() && seen.insert(current_key).second) {
    const Table* next = find_qualified(graph, current->distribution->colocate_with);
    if (!next || !is_distributed(*next)) break;
    current_key = current->distribution->colocate_with;
    current = next;
  }
  const Column* column = current->find_column(current->distribution->column);
  return "default:" + (column ? column->type : std::string("?"));
}

// Whether two distributed tables share their shards' placement (Citus colocation).
bool colocated(const ModelGraph& graph, const std::string& schema_a, const Table& a, const std::string& schema_b,
               const Table& b) {
  return is_distributed(a) && is_distributed(b) &&
         colocation_group(graph, schema_a, a) == colocation_group(graph, schema_b, b);
}

class DistributionValidator {
 public:
  DistributionValidator(const ModelGraph& graph, const SourceMap& locations) : graph_(graph), locations_(locations) {}

  std::vector<Diagnostic> run() {
    for (const Schema& schema : graph_.schemas)
      for (const Table& table : schema.tables) check_table(schema.name, table);
    return std::move(diagnostics_);
  }

 private:
  void error(const std::string& key, std::string message) {
    auto it = locations_.find(key);
    diagnostics_.push_back(Diagnostic{Diagnostic::Severity::Error,
                                      it == locations_.end() ? SourceLocation{} : it->second, std::move(message)});
  }

  void check_table(const std::string& schema, const Table& table) {
    const std::string key = qualified(schema, table.name);
    if (is_distributed(table) && !check_distributed(table, key)) return;
    for (const ForeignKey& fk : table.foreign_keys) check_foreign_key(schema, table, fk);
  }

  // False when the distribution itself is wrong (the key rules would only repeat it).
  bool check_distributed(const Table& table, const std::string& key) {
    const Distribution& distribution = *table.distribution;
    const Column* column = table.find_column(distribution.column);
    if (!column) {
      error(key, "table " + in_quotes(key) + " is STRATA_DISTRIBUTED_BY(\"" + distribution.column +
                     "\"), but it has no column " + in_quotes(distribution.column));
      return false;
    }
    const std::string why = "; Citus enforces uniqueness per shard only, so it must include the distribution column " +
                            in_quotes(distribution.column);
    if (!contains(table.primary_key.columns, distribution.column))
      error(key, "primary key " + in_quotes(table.primary_key.name) + " of distributed table " + in_quotes(key) + " (" +
                     joined(table.primary_key.columns, ", ") + ")" + why);
    for (const UniqueConstraint& unique : table.uniques)
      if (!contains(unique.columns, distribution.column))
        error(key, "unique constraint " + in_quotes(unique.name) + " of distributed table " + in_quotes(key) + why);
    for (const Index& index : table.indexes)
      if (index.unique && !contains(index.columns, distribution.column))
        error(key, "unique index " + in_quotes(index.name) + " of distributed table " + in_quotes(key) + why);

    if (distribution.colocate_with.empty()) return true;
    const Table* target = find_qualified(graph_, distribution.colocate_with);
    const std::string call = "STRATA_COLOCATE_WITH(\"" + distribution.colocate_with + "\")";
    if (!target) {
      error(key, call + " on table " + in_quotes(key) + ": no such table");
      return false;
    }
    if (!is_distributed(*target)) {
      error(key, call + " on table " + in_quotes(key) + ": " + in_quotes(distribution.colocate_with) +
                     " is not a distributed table (STRATA_DISTRIBUTED_BY)");
      return false;
    }
    for (std::set<const Table*> seen{&table};
         target && is_distributed(*target) && !target->distribution->colocate_with.empty();) {
      if (!seen.insert(target).second || target == &table) {
        error(key, call + " on table " + in_quotes(key) + ": the colocation chain is a cycle");
        return false;
      }
      target = find_qualified(graph_, target->distribution->colocate_with);
    }
    target = find_qualified(graph_, distribution.colocate_with);
    const Column* target_column = target->find_column(target->distribution->column);
    if (target_column && target_column->type != column->type) {
      error(key, call + " on table " + in_quotes(key) + ": its distribution column " + in_quotes(column->name) +
                     " has type " + column->type + " but " + in_quotes(distribution.colocate_with) + "'s " +
                     in_quotes(target_column->name) + " has type " + target_column->type +
                     "; colocated tables are distributed by columns of one type");
      return false;
    }
    return true;
  }

  void check_foreign_key(const std::string& schema, const Table& table, const ForeignKey& fk) {
    const Table* referenced = graph_.find_table(fk.ref_schema, fk.ref_table);
    if (!referenced) return;  // reported by validate()
    const std::string key = qualified(schema, table.name);
    const std::string where = fk.columns.empty() ? key : qualified(schema, table.name, fk.columns.front());
    const std::string target = qualified(fk.ref_schema, fk.ref_table);
    const std::string what =
        "foreign key " + in_quotes(fk.name) + " from " + in_quotes(key) + " to " + in_quotes(target);
    if (is_reference(table) && is_distributed(*referenced)) {
      error(where, what + ": a reference table cannot reference a distributed table");
    } else if (!table.distribution && is_distributed(*referenced)) {
      error(where, what + ": a plain table cannot reference a distributed table; make " + in_quotes(key) +
                       " a reference table or distribute it");
    } else if (is_distributed(table) && !referenced->distribution) {
      error(where, what +
                       ": a distributed table can reference only reference tables and colocated distributed "
                       "tables; make " +
                       in_quotes(target) + " STRATA_REFERENCE_TABLE or distribute it");
    } else if (is_distributed(table) && is_distributed(*referenced)) {
      if (!colocated(graph_, schema, table, fk.ref_schema, *referenced)) {
        error(where, what + ": the tables are not colocated; add STRATA_COLOCATE_WITH(\"" + target + "\") to " +
                         in_quotes(key));
        return;
      }
      bool pairs_distribution_columns = false;
      for (std::size_t i = 0; i < fk.columns.size() && i < fk.ref_columns.size(); ++i)
        pairs_distribution_columns =
            pairs_distribution_columns ||
            (fk.columns[i] == table.distribution->column && fk.ref_columns[i] == referenced->distribution->column);
      if (!pairs_distribution_columns)
        error(where, what + " does not include the distribution columns (" + in_quotes(table.distribution->column) +
                         " referencing " + in_quotes(referenced->distribution->column) +
                         "); between distributed tables a foreign key must, for Citus to check it within a shard");
    }
  }

  const ModelGraph& graph_;
  const SourceMap& locations_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

void name_colocation_by_group(ModelGraph& graph,
                              const std::function<std::string(const std::string& schema, const Table&)>& group_of) {
  std::map<std::string, std::vector<std::string>> members;  // group -> qualified names, sorted
  std::map<std::string, std::string> group_by_table;
  for (const Schema& schema : graph.schemas)
    for (const Table& table : schema.tables)
      if (is_distributed(table)) {
        const std::string key = qualified(schema.name, table.name);
        group_by_table[key] = group_of(schema.name, table);
        members[group_by_table[key]].push_back(key);
      }
  for (Schema& schema : graph.schemas)
    for (Table& table : schema.tables)
      if (is_distributed(table)) {
        const std::string key = qualified(schema.name, table.name);
        std::vector<std::string>& group = members[group_by_table[key]];
        std::sort(group.begin(), group.end());
        const auto other = std::find_if(group.begin(), group.end(), [&](const std::string& m) { return m != key; });
        table.distribution->colocate_with = other == group.end() ? "" : *other;
      }
}

void spell_colocation_as(ModelGraph& live, const ModelGraph& expected) {
  // A named group's smallest member and colocate_with (its smallest other member) give the group.
  std::map<std::string, std::string> group;
  for (const Schema& schema : live.schemas)
    for (const Table& table : schema.tables)
      if (is_distributed(table)) {
        const std::string key = qualified(schema.name, table.name);
        const std::string& other = table.distribution->colocate_with;
        group[key] = other.empty() ? key : std::min(key, other);
      }
  for (Schema& schema : live.schemas)
    for (Table& table : schema.tables) {
      const Table* wanted = expected.find_table(schema.name, table.name);
      if (!is_distributed(table) || !wanted || !is_distributed(*wanted)) continue;
      const std::string& target = wanted->distribution->colocate_with;
      const auto target_group = group.find(target);
      if (target.empty() ||
          (target_group != group.end() && target_group->second == group.at(qualified(schema.name, table.name))))
        table.distribution->colocate_with = target;
    }
}

std::vector<Diagnostic> validate_distribution(const ModelGraph& graph, const SourceMap& locations) {
  return DistributionValidator(graph, locations).run();
}

}  // namespace strata

#include "core/validation.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "core/distribution_rules.hpp"
#include "core/in_quotes.hpp"
#include "core/index_key.hpp"
#include "core/joined.hpp"
#include "core/naming.hpp"
#include "core/same_set.hpp"

namespace strata {
namespace {

bool starts_with(const std::vector<std::string>& columns, const std::vector<std::string>& prefix) {
  return !prefix.empty() && columns.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), columns.begin());
}

class GraphValidator {
 public:
  GraphValidator(const ModelGraph& graph, const SourceMap& locations, const RenameHints& renames)
      : graph_(graph), locations_(locations), renames_(renames) {}

  std::vector<Diagnostic> run() {
    for (const Schema& schema : graph_.schemas) check_schema(schema);
    check_renames();
    std::vector<Diagnostic> citus = validate_distribution(graph_, locations_);
    diagnostics_.insert(diagnostics_.end(), citus.begin(), citus.end());
    sort_in_source_order(diagnostics_);
    return std::move(diagnostics_);
  }

 private:
  SourceLocation where(const std::string& key) const {
    auto it = locations_.find(key);
    return it == locations_.end() ? SourceLocation{} : it->second;
  }

  void report(Diagnostic::Severity severity, const std::string& key, std::string message) {
    diagnostics_.push_back(Diagnostic{severity, where(key), std::move(message)});
  }
  void error(const std::string& key, std::string message) {
    report(Diagnostic::Severity::Error, key, std::move(message));
  }

  void check_length(const std::string& key, std::string_view what, const std::string& name) {
    if (name.size() > kMaxIdentifierBytes)
      error(key, std::string(what) + " " + in_quotes(name) + " is " + std::to_string(name.size()) +
                     " bytes long; PostgreSQL identifiers are at most 63 bytes");
  }

  // The first declaration in a schema, where schema-wide problems are reported.
  std::string schema_anchor(const Schema& schema) const {
    std::string best;
    SourceLocation best_location;
    auto consider = [&](const std::string& key) {
      SourceLocation location = where(key);
      if (best.empty() || std::tie(location.file, location.line, location.column) <
                              std::tie(best_location.file, best_location.line, best_location.column)) {
        best = key;
        best_location = location;
      }
    };
    for (const Table& table : schema.tables) consider(qualified(schema.name, table.name));
    for (const EnumType& enum_type : schema.enums) consider(qualified(schema.name, enum_type.name));
    return best;
  }

  void check_schema(const Schema& schema) {
    std::string anchor = schema_anchor(schema);
    if (schema.name.empty()) error(anchor, "empty schema name");
    check_length(anchor, "schema name", schema.name);

    for (const EnumType& enum_type : schema.enums) {
      std::string key = qualified(schema.name, enum_type.name);
      check_length(key, "enum name", enum_type.name);
      if (enum_type.labels.empty())
        error(key, "enum " + in_quotes(key) + " has no labels; PostgreSQL enums need at least one");
      for (const std::string& label : enum_type.labels) check_length(key, "enum label", label);
      if (schema.find_table(enum_type.name))
        error(key, "enum " + in_quotes(key) + " has the name of a table in schema " + in_quotes(schema.name) +
                       " (a table is also a type of that name)");
    }
    for (const Table& table : schema.tables) check_table(schema, table);
    check_relation_names(schema);
  }

  void check_columns_exist(const std::string& table_key, const Table& table, std::string_view what,
                           const std::vector<std::string>& columns) {
    if (columns.empty()) error(table_key, std::string(what) + " of table " + in_quotes(table_key) + " names no column");
    for (const std::string& column : columns)
      if (!table.find_column(column))
        error(table_key, std::string(what) + " of table " + in_quotes(table_key) + " names column " +
                             in_quotes(column) + ", which does not exist");
  }

  void check_table(const Schema& schema, const Table& table) {
    const std::string table_key = qualified(schema.name, table.name);
    check_length(table_key, "table name", table.name);
    for (const Policy& policy : table.policies) {
      check_length(table_key, "policy name", policy.name);
      for (const std::string& role : policy.roles) check_length(table_key, "role name", role);
    }

    for (const Column& column : table.columns) {
      const std::string column_key = qualified(schema.name, table.name, column.name);
      check_length(column_key, "column name", column.name);
      if (column.identity) {
        if (column.type != "smallint" && column.type != "integer" && column.type != "bigint" && !column.type.empty())
          error(column_key, "identity column " + in_quotes(column.name) + " of table " + in_quotes(table_key) +
                                " has type " + column.type + "; identity needs smallint, integer or bigint");
        if (column.default_expr)
          error(column_key, "identity column " + in_quotes(column.name) + " of table " + in_quotes(table_key) +
                                " cannot also have a default");
      }
    }

    if (table.primary_key.columns.empty()) {
      error(table_key, "table " + in_quotes(table_key) +
                           " has no primary key; mark a member STRATA_PK or add STRATA_PRIMARY_KEY(\"...\")");
    } else {
      check_columns_exist(table_key, table, "primary key " + in_quotes(table.primary_key.name),
                          table.primary_key.columns);
      for (const std::string& name : table.primary_key.columns) {
        const Column* column = table.find_column(name);
        if (column && column->nullable)
          error(qualified(schema.name, table.name, name),
                "primary key column " + in_quotes(name) + " of table " + in_quotes(table_key) + " cannot be nullable");
      }
    }
    for (const UniqueConstraint& unique : table.uniques)
      check_columns_exist(table_key, table, "unique constraint " + in_quotes(unique.name), unique.columns);
    for (const Index& index : table.indexes) {
      const std::vector<std::string> columns = index_columns(index);
      if (columns.empty() && !index.columns.empty()) continue;  // every key an expression
      check_columns_exist(table_key, table, (index.unique ? "unique index " : "index ") + in_quotes(index.name),
                          columns);
    }
    for (const ForeignKey& fk : table.foreign_keys) check_foreign_key(schema, table, fk);
  }

  bool is_unique_key(const Table& table, const std::vector<std::string>& columns) const {
    if (same_set(table.primary_key.columns, columns)) return true;
    for (const UniqueConstraint& unique : table.uniques)
      if (same_set(unique.columns, columns)) return true;
    for (const Index& index : table.indexes)
      if (is_plain_unique_index(index) && same_set(index.columns, columns)) return true;
    return false;
  }

  void check_foreign_key(const Schema& schema, const Table& table, const ForeignKey& fk) {
    const std::string table_key = qualified(schema.name, table.name);
    const std::string key = fk.columns.empty() ? table_key : qualified(schema.name, table.name, fk.columns.front());
    const std::string target = qualified(fk.ref_schema, fk.ref_table);
    check_columns_exist(table_key, table, "foreign key " + in_quotes(fk.name), fk.columns);

    const Table* referenced = graph_.find_table(fk.ref_schema, fk.ref_table);
    if (!referenced) {
      error(key,
            "foreign key " + in_quotes(fk.name) + " references table " + in_quotes(target) + ", which does not exist");
      return;
    }
    bool columns_found = true;
    for (std::size_t i = 0; i < fk.ref_columns.size(); ++i) {
      const Column* ref_column = referenced->find_column(fk.ref_columns[i]);
      if (!ref_column) {
        error(key, "foreign key " + in_quotes(fk.name) + " references column " +
                       in_quotes(qualified(fk.ref_schema, fk.ref_table, fk.ref_columns[i])) + ", which does not exist");
        columns_found = false;
        continue;
      }
      const Column* column = i < fk.columns.size() ? table.find_column(fk.columns[i]) : nullptr;
      if (column && !column->type.empty() && !ref_column->type.empty() && column->type != ref_column->type)
        error(qualified(schema.name, table.name, column->name),
              "foreign key " + in_quotes(fk.name) + ": column " + in_quotes(column->name) + " has type " +
                  column->type + " but the referenced column " +
                  in_quotes(qualified(fk.ref_schema, fk.ref_table, ref_column->name)) + " has type " +
                  ref_column->type);
    }
    if (fk.columns.size() != fk.ref_columns.size())
      error(key, "foreign key " + in_quotes(fk.name) + " has " + std::to_string(fk.columns.size()) +
                     " column(s) but references " + std::to_string(fk.ref_columns.size()));
    // A referenced table whose own key is broken was reported already; its keys prove nothing.
    bool referenced_key_valid = !referenced->primary_key.columns.empty();
    for (const std::string& name : referenced->primary_key.columns)
      referenced_key_valid = referenced_key_valid && referenced->find_column(name);
    if (columns_found && referenced_key_valid && !is_unique_key(*referenced, fk.ref_columns))
      error(key, "foreign key " + in_quotes(fk.name) + " references " + in_quotes(target) + " (" +
                     joined(fk.ref_columns, ", ") + "), which is neither its primary key nor unique");

    bool indexed = starts_with(table.primary_key.columns, fk.columns);
    for (const UniqueConstraint& unique : table.uniques) indexed = indexed || starts_with(unique.columns, fk.columns);
    for (const Index& index : table.indexes) indexed = indexed || starts_with(index.columns, fk.columns);
    if (!indexed && !fk.columns.empty())
      report(Diagnostic::Severity::Warning, key,
             "foreign key column " + in_quotes(joined(fk.columns, ", ")) + " of table " + in_quotes(table_key) +
                 " has no index (PostgreSQL does not create one); add STRATA_INDEXED or an index starting with it");
  }

  // Tables, indexes and the index-backed constraints share one namespace per schema in
  // PostgreSQL; Strata keeps every constraint name unique per schema so a name finds one thing.
  // Names are gathered as views and sorted: the common case, no name used twice, allocates
  // nothing per name (this runs on every scan and every snapshot load).
  void check_relation_names(const Schema& schema) {
    struct Use {
      std::string_view name;
      std::string_view what;
      const Table* table;
    };
    std::vector<Use> uses;
    const auto table_key = [&](const Table& table) { return qualified(schema.name, table.name); };
    for (const Table& table : schema.tables) {
      auto add = [&](std::string_view what, const std::string& name) {
        uses.push_back(Use{name, what, &table});
        if (what != "table" && name.size() > kMaxIdentifierBytes)
          check_length(table_key(table), std::string(what) + " name", name);
      };
      add("table", table.name);
      if (!table.primary_key.columns.empty()) add("primary key", table.primary_key.name);
      for (const UniqueConstraint& unique : table.uniques) add("unique constraint", unique.name);
      for (const CheckConstraint& check : table.checks) add("check constraint", check.name);
      for (const ForeignKey& fk : table.foreign_keys) add("foreign key", fk.name);
      for (const Index& index : table.indexes) add(index.unique ? "unique index" : "index", index.name);
    }
    std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) { return a.name < b.name; });
    for (auto first = uses.begin(); first != uses.end();) {
      const auto last = std::find_if(first, uses.end(), [&](const Use& use) { return use.name != first->name; });
      if (last - first >= 2) {
        std::vector<std::pair<Use, std::string>> list;  // with its table's key
        for (auto use = first; use != last; ++use) list.emplace_back(*use, table_key(*use->table));
        std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
          SourceLocation la = where(a.second), lb = where(b.second);
          return std::tie(la.file, la.line, la.column) < std::tie(lb.file, lb.line, lb.column);
        });
        const auto& [original, original_key] = list[0];
        for (std::size_t i = 1; i < list.size(); ++i)
          error(list[i].second, std::string(list[i].first.what) + " name " + in_quotes(first->name) +
                                    " on table " + in_quotes(list[i].second) + " is already used by the " +
                                    std::string(original.what) +
                                    (original.what == "table" ? "" : " on table " + in_quotes(original_key)) +
                                    " in schema " + in_quotes(schema.name));
      }
      first = last;
    }
  }

  void check_renames() {
    for (const auto& [new_key, old_name] : renames_.tables) {
      std::size_t dot = new_key.find('.');
      if (dot == std::string::npos) continue;
      // "old_schema.old_table": a move from another schema (diff.cpp, table_moves).
      const std::size_t old_dot = old_name.find('.');
      const std::string schema = old_dot == std::string::npos ? new_key.substr(0, dot) : old_name.substr(0, old_dot);
      const std::string table = old_dot == std::string::npos ? old_name : old_name.substr(old_dot + 1);
      if (graph_.find_table(schema, table))
        error(new_key, "table " + in_quotes(new_key) + " is marked STRATA_RENAMED_FROM(\"" + old_name +
                           "\"), but table " + in_quotes(qualified(schema, table)) + " still exists");
    }
    for (const auto& [new_key, old_name] : renames_.columns) {
      std::size_t first = new_key.find('.');
      std::size_t second = first == std::string::npos ? first : new_key.find('.', first + 1);
      if (second == std::string::npos) continue;
      const Table* table = graph_.find_table(new_key.substr(0, first), new_key.substr(first + 1, second - first - 1));
      if (table && table->find_column(old_name))
        error(new_key, "column " + in_quotes(new_key.substr(second + 1)) + " of table " +
                           in_quotes(new_key.substr(0, second)) + " is marked STRATA_RENAMED_FROM(\"" + old_name +
                           "\"), but column " + in_quotes(old_name) + " still exists");
    }
    for (const auto& [new_key, old_name] : renames_.enums) {
      const std::size_t dot = new_key.find('.');
      if (dot == std::string::npos) continue;
      const Schema* schema = graph_.find_schema(new_key.substr(0, dot));
      if (schema && schema->find_enum(old_name))
        error(new_key, "enum " + in_quotes(new_key) + " is marked STRATA_RENAMED_FROM(\"" + old_name +
                           "\"), but enum " + in_quotes(qualified(schema->name, old_name)) + " still exists");
    }
    for (const auto& [new_key, old_label] : renames_.enum_labels) {
      const std::size_t first = new_key.find('.');
      const std::size_t second = first == std::string::npos ? first : new_key.find('.', first + 1);
      if (second == std::string::npos) continue;
      const Schema* schema = graph_.find_schema(new_key.substr(0, first));
      const EnumType* e = schema ? schema->find_enum(new_key.substr(first + 1, second - first - 1)) : nullptr;
      if (e && std::find(e->labels.begin(), e->labels.end(), old_label) != e->labels.end())
        error(new_key, "label " + in_quotes(new_key.substr(second + 1)) + " of enum " +
                           in_quotes(new_key.substr(0, second)) + " is marked STRATA_RENAMED_FROM(\"" + old_label +
                           "\"), but label " + in_quotes(old_label) + " still exists");
    }
  }

  const ModelGraph& graph_;
  const SourceMap& locations_;
  const RenameHints& renames_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::vector<Diagnostic> validate(const ModelGraph& graph, const SourceMap& locations, const RenameHints& renames) {
  return GraphValidator(graph, locations, renames).run();
}

void sort_in_source_order(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    bool a_located = !a.location.file.empty(), b_located = !b.location.file.empty();
    if (a_located != b_located) return a_located;
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
}

}  // namespace strata

#include "generator/file_scan.hpp"

#include <utility>

#include "core/in_quotes.hpp"
#include "core/sql_type.hpp"
#include "core/validation.hpp"

namespace strata {
namespace {

// STRATA_TYPE("tenant_plan") naming a STRATA_ENUM of the table's schema (else of public) gets the
// enum's qualified spelling, the one a live database reports.
std::string resolve_enum_name(const ModelGraph& graph, const std::string& type, const std::string& schema) {
  const bool is_array = type.ends_with("[]");
  const std::string name = is_array ? type.substr(0, type.size() - 2) : type;
  if (name.find_first_of("\". ()") != std::string::npos) return type;
  for (const std::string& candidate : {schema, std::string("public")}) {
    const Schema* found = graph.find_schema(candidate);
    if (found && found->find_enum(name)) {
      const std::string sql_type = enum_sql_type(candidate, name);
      return is_array ? array_sql_type(sql_type) : sql_type;
    }
  }
  return type;
}

// Adds `item` (an enum or a table of `schema`) unless its name was declared before.
template <typename Item>
void add_declared(ScanResult& result, const FileScan& file, const std::string& schema, const Item& item,
                  std::vector<Item> Schema::*list, const char* kind) {
  const std::string key = qualified(schema, item.name);
  const auto here = file.locations.find(key);
  const auto previous = result.locations.find(key);
  if (previous != result.locations.end() && here != file.locations.end()) {
    result.diagnostics.push_back(Diagnostic{Diagnostic::Severity::Error, here->second,
                                            "duplicate " + std::string(kind) + " " + in_quotes(key) +
                                                " (first declared at " + describe(previous->second) + ")"});
    return;
  }
  if (here != file.locations.end()) result.locations.emplace(key, here->second);
  (result.graph.schema(schema).*list).push_back(item);
}

}  // namespace

ScanResult merge_file_scans(const std::vector<const FileScan*>& files, ScanResult result) {
  for (const FileScan* file : files)
    for (const Schema& schema : file->graph.schemas)
      for (const EnumType& enum_type : schema.enums) add_declared(result, *file, schema.name, enum_type, &Schema::enums, "enum");
  for (const FileScan* file : files)
    for (const Schema& schema : file->graph.schemas)
      for (const Table& table : schema.tables) add_declared(result, *file, schema.name, table, &Schema::tables, "table");
  for (const FileScan* file : files) {
    result.locations.insert(file->locations.begin(), file->locations.end());  // the first file's stay
    result.renames.tables.insert(file->renames.tables.begin(), file->renames.tables.end());
    result.renames.columns.insert(file->renames.columns.begin(), file->renames.columns.end());
    result.renames.enums.insert(file->renames.enums.begin(), file->renames.enums.end());
    result.renames.enum_labels.insert(file->renames.enum_labels.begin(), file->renames.enum_labels.end());
    for (const auto& [key, rules] : file->allowed_rules) result.allowed_rules[key].insert(rules.begin(), rules.end());
    result.diagnostics.insert(result.diagnostics.end(), file->diagnostics.begin(), file->diagnostics.end());
  }

  result.graph.canonicalize();
  for (const FileScan* file : files)
    for (const ExplicitColumnType& explicit_type : file->explicit_types)
      if (Table* table = result.graph.find_table(explicit_type.schema, explicit_type.table))
        for (Column& column : table->columns)
          if (column.name == explicit_type.column)
            column.type = resolve_enum_name(result.graph, column.type, explicit_type.schema);

  std::vector<Diagnostic> graph_diagnostics = validate(result.graph, result.locations, result.renames);
  result.diagnostics.insert(result.diagnostics.end(), std::make_move_iterator(graph_diagnostics.begin()),
                            std::make_move_iterator(graph_diagnostics.end()));
  sort_in_source_order(result.diagnostics);
  return result;
}

}  // namespace strata

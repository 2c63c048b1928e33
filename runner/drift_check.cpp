#include "runner/drift_check.hpp"

#include "catalog/expression_normalizer.hpp"
#include "catalog/schema_inspector.hpp"
#include "catalog/sql_object_catalog.hpp"
#include "core/diff.hpp"
#include "core/distribution_rules.hpp"
#include "core/split.hpp"

namespace strata {
namespace {

// The part of `live` the models own: the schemas, tables and enums that `expected` has, and
// every SQL object of those schemas (views and functions the models do not have are drift) but
// the triggers on tables the models do not own.
ModelGraph owned_part(const ModelGraph& live, const ModelGraph& expected) {
  ModelGraph owned;
  for (const Schema& live_schema : live.schemas) {
    const Schema* expected_schema = expected.find_schema(live_schema.name);
    if (expected_schema == nullptr) continue;
    Schema& schema = owned.schema(live_schema.name);
    for (const Table& table : live_schema.tables) {
      if (expected_schema->find_table(table.name) != nullptr) schema.tables.push_back(table);
    }
    for (const EnumType& enum_type : live_schema.enums) {
      if (expected_schema->find_enum(enum_type.name) != nullptr) schema.enums.push_back(enum_type);
    }
    for (const SqlObject& object : live_schema.sql_objects) {
      if (object.kind == SqlObjectKind::Trigger && expected_schema->find_table(object.table) == nullptr) continue;
      schema.sql_objects.push_back(object);
    }
  }
  owned.canonicalize();
  return owned;
}

}  // namespace

DriftReport check_drift(pqxx::connection& connection, const ModelGraph& all_expected,
                        const UnmanagedPatterns& unmanaged) {
  const ModelGraph expected = unmanaged.without_matches(all_expected);
  std::vector<std::string> schemas;
  for (const Schema& schema : expected.schemas) schemas.push_back(schema.name);
  ModelGraph inspected = inspect_schemas(connection, schemas);
  inspect_sql_objects(connection, schemas, inspected);
  ModelGraph live = unmanaged.without_matches(owned_part(inspected, expected));
  take_dependencies(live, expected);
  spell_colocation_as(live, expected);
  DriftReport report;
  // An INVALID index is drift even when the models have one of its name: it is dropped first,
  // and diff() creates it again when the models want it.
  for (DropIndex& drop : invalid_indexes(connection, schemas)) {
    const Schema* schema = expected.find_schema(drop.schema);
    if (schema != nullptr && schema->find_table(drop.table) != nullptr && !unmanaged.matches(drop.schema, drop.index.name))
      report.operations.emplace_back(std::move(drop));
  }
  const ModelGraph normalized = normalize_sql_objects(connection, normalize_expressions(connection, expected));
  for (Operation& operation : diff(live, normalized))
    report.operations.push_back(std::move(operation));
  report.statements = render(report.operations);
  return report;
}

UnmanagedPatterns unmanaged_patterns(const Registry& registry, const std::vector<std::string>& extra) {
  std::vector<std::string> patterns;
  for (std::string_view line : split_nonempty(registry.unmanaged, '\n')) patterns.emplace_back(line);
  patterns.insert(patterns.end(), extra.begin(), extra.end());
  return UnmanagedPatterns(std::move(patterns));
}

}  // namespace strata

#include "runner/adopt.hpp"

#include <pqxx/pqxx>

#include "catalog/schema_inspector.hpp"
#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

struct FoundTable {
  std::string schema, name;
  std::string quoted() const { return quote_identifier(schema) + "." + quote_identifier(name); }
};

// The table `name` ("name" on the search path, or "schema.name") resolves to, if any.
std::optional<FoundTable> find_table(pqxx::transaction_base& tx, std::string_view name) {
  pqxx::result found = tx.exec_params(
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.oid = to_regclass($1)",
      std::string(name));
  if (found.empty()) return std::nullopt;
  return FoundTable{found[0][0].as<std::string>(), found[0][1].as<std::string>()};
}

// The tables of the expected schemas that the models do not have, except `ignored` ones, as
// drops, ahead of the drift check's operations.
void add_extra_tables(pqxx::connection& connection, const ModelGraph& expected,
                      const std::vector<std::string>& ignored, DriftReport& drift) {
  std::vector<std::string> schemas;
  for (const Schema& schema : expected.schemas) schemas.push_back(schema.name);
  std::vector<Operation> drops;
  for (const Schema& live : inspect_schemas(connection, schemas, ignored).schemas) {
    const Schema* schema = expected.find_schema(live.name);
    for (const Table& table : live.tables)
      if (schema == nullptr || schema->find_table(table.name) == nullptr) drops.emplace_back(DropTable{live.name, table});
  }
  if (drops.empty()) return;
  drift.operations.insert(drift.operations.begin(), drops.begin(), drops.end());
  drift.statements = render(drift.operations);
}

}  // namespace

AdoptResult run_adopt(pqxx::connection& connection, const RevisionChain& chain, bool drop_alembic_version,
                      const ExecutorOptions& options, std::string_view alembic_version_table) {
  if (chain.size() == 0) throw HistoryError("there is no revision to adopt the database at");
  MigrationLock lock(connection, chain.registry().name, options.progress, options.lock_wait_ms);
  const HistoryTable history = history_table_of(chain.registry());
  const std::vector<HistoryRow> rows = load_history(connection, history);
  if (!rows.empty()) {
    throw HistoryError("the database already has Strata history (" + std::to_string(rows.size()) + " row(s) in " +
                       history.qualified() + ", the last " + rows.back().revision +
                       "): adopt is for a database without one; `migrator check` compares it with head");
  }
  AdoptResult result;
  const std::string_view head_snapshot = chain.registry().head_snapshot_json;
  const ModelGraph expected = head_snapshot.empty() ? ModelGraph{} : read_snapshot(head_snapshot);
  result.drift = check_drift(connection, expected, unmanaged_patterns(chain.registry()));

  std::optional<FoundTable> alembic;
  {
    pqxx::read_transaction lookup(connection);
    alembic = find_table(lookup, alembic_version_table);
  }
  std::vector<std::string> ignored = {history.schema + "." + history.name};
  if (alembic) ignored.push_back(alembic->schema + "." + alembic->name);
  add_extra_tables(connection, expected, ignored, result.drift);

  pqxx::work tx(connection);
  if (alembic) {
    std::string versions;
    for (const pqxx::row& row : tx.exec("SELECT version_num::text FROM " + alembic->quoted() + " ORDER BY 1")) {
      versions += (versions.empty() ? "" : ", ") + row[0].as<std::string>();
    }
    result.alembic_version = versions;
  }
  if (!result.adopted()) return result;  // the transaction rolls back: it wrote nothing
  ensure_history_table(tx, history);
  check_history_table(tx, history, true);
  for (std::size_t i = 0; i < chain.size(); ++i) record_applied(tx, history, chain.at(i), 0);
  if (drop_alembic_version && alembic) {
    tx.exec0("DROP TABLE " + alembic->quoted());
    result.dropped_alembic_version = true;
  }
  tx.commit();
  return result;
}

}  // namespace strata

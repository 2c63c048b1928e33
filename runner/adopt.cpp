#include "runner/adopt.hpp"

#include <pqxx/pqxx>

#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

// The quoted name of the table `alembic_version` resolves to on the search path, if any.
std::optional<std::string> alembic_version_table(pqxx::transaction_base& tx) {
  pqxx::result found = tx.exec(
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.oid = to_regclass('alembic_version')");
  if (found.empty()) return std::nullopt;
  return quote_identifier(found[0][0].as<std::string>()) + "." + quote_identifier(found[0][1].as<std::string>());
}

}  // namespace

AdoptResult run_adopt(pqxx::connection& connection, const RevisionChain& chain, bool drop_alembic_version,
                      const ExecutorOptions& options) {
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
  result.drift = check_drift(connection, head_snapshot.empty() ? ModelGraph{} : read_snapshot(head_snapshot),
                             unmanaged_patterns(chain.registry()));

  pqxx::work tx(connection);
  const std::optional<std::string> alembic = alembic_version_table(tx);
  if (alembic) {
    std::string versions;
    for (const pqxx::row& row : tx.exec("SELECT version_num::text FROM " + *alembic + " ORDER BY 1")) {
      versions += (versions.empty() ? "" : ", ") + row[0].as<std::string>();
    }
    result.alembic_version = versions;
  }
  if (!result.adopted()) return result;  // the transaction rolls back: it wrote nothing
  ensure_history_table(tx, history);
  check_history_table(tx, history, true);
  for (std::size_t i = 0; i < chain.size(); ++i) record_applied(tx, history, chain.at(i), 0);
  if (drop_alembic_version && alembic) {
    tx.exec0("DROP TABLE " + *alembic);
    result.dropped_alembic_version = true;
  }
  tx.commit();
  return result;
}

}  // namespace strata

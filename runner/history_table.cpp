#include "runner/history_table.hpp"

#include <pqxx/pqxx>

#include "core/postgres_dialect.hpp"

namespace strata {
namespace {

std::optional<std::string> parent_of(const Revision& revision) {
  if (revision.info == nullptr || revision.info->parent.empty()) return std::nullopt;
  return std::string(revision.info->parent);
}

}  // namespace

std::string history_table_name() {
  return "\"" + std::string(kHistorySchema) + "\".\"" + std::string(kHistoryTable) + "\"";
}

std::string create_history_table_sql() {
  return "CREATE TABLE IF NOT EXISTS " + history_table_name() +
         " (\n"
         "  \"revision\" text PRIMARY KEY,\n"
         "  \"parent\" text,\n"
         "  \"checksum\" text NOT NULL,\n"
         "  \"applied_at\" timestamptz NOT NULL DEFAULT now(),\n"
         "  \"duration_ms\" integer NOT NULL,\n"
         "  \"applied_by\" text NOT NULL DEFAULT current_user\n"
         ");\n"
         "ALTER TABLE " + history_table_name() + " ADD COLUMN IF NOT EXISTS \"partial_step\" integer;";
}

std::string insert_history_sql(const Revision& revision, int duration_ms) {
  std::optional<std::string> parent = parent_of(revision);
  return "INSERT INTO " + history_table_name() +
         " (\"revision\", \"parent\", \"checksum\", \"duration_ms\") VALUES (" +
         quote_literal(revision.info->id) + ", " + (parent ? quote_literal(*parent) : std::string("NULL")) + ", " +
         quote_literal(revision.checksum) + ", " + std::to_string(duration_ms) + ");";
}

std::string delete_history_sql(std::string_view revision_id) {
  return "DELETE FROM " + history_table_name() + " WHERE \"revision\" = " + quote_literal(revision_id) + ";";
}

std::string record_partial_sql(const Revision& revision, int partial_step) {
  std::optional<std::string> parent = parent_of(revision);
  return "INSERT INTO " + history_table_name() +
         " (\"revision\", \"parent\", \"checksum\", \"duration_ms\", \"partial_step\") VALUES (" +
         quote_literal(revision.info->id) + ", " + (parent ? quote_literal(*parent) : std::string("NULL")) + ", " +
         quote_literal(revision.checksum) + ", 0, " + std::to_string(partial_step) +
         ") ON CONFLICT (\"revision\") DO UPDATE SET \"partial_step\" = EXCLUDED.\"partial_step\";";
}

std::string record_completed_sql(const Revision& revision, int duration_ms) {
  return "UPDATE " + history_table_name() + " SET \"partial_step\" = NULL, \"checksum\" = " +
         quote_literal(revision.checksum) + ", \"duration_ms\" = " + std::to_string(duration_ms) +
         ", \"applied_at\" = now() WHERE \"revision\" = " + quote_literal(revision.info->id) + ";";
}

void ensure_history_table(pqxx::transaction_base& tx) { tx.exec0(create_history_table_sql()); }

std::vector<HistoryRow> read_history(pqxx::transaction_base& tx) {
  pqxx::result exists = tx.exec_params("SELECT to_regclass($1) IS NOT NULL", history_table_name());
  if (!exists[0][0].as<bool>()) return {};
  // partial_step through to_jsonb: the read-only commands read a table of an earlier release,
  // which lacks the column until the next upgrade adds it, as it is.
  pqxx::result rows = tx.exec(
      "SELECT \"revision\", \"parent\", \"checksum\", "
      "to_char(\"applied_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "\"duration_ms\", \"applied_by\", (to_jsonb(h) ->> 'partial_step')::integer FROM " +
      history_table_name() + " AS h ORDER BY \"applied_at\", \"revision\"");
  std::vector<HistoryRow> history;
  history.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    HistoryRow entry;
    entry.revision = row[0].as<std::string>();
    if (!row[1].is_null()) entry.parent = row[1].as<std::string>();
    entry.checksum = row[2].as<std::string>();
    entry.applied_at = row[3].as<std::string>();
    entry.duration_ms = row[4].as<int>();
    entry.applied_by = row[5].as<std::string>();
    if (!row[6].is_null()) entry.partial_step = row[6].as<int>();
    history.push_back(std::move(entry));
  }
  return history;
}

void record_applied(pqxx::transaction_base& tx, const Revision& revision, int duration_ms) {
  std::optional<std::string> parent = parent_of(revision);
  tx.exec_params("INSERT INTO " + history_table_name() +
                     " (\"revision\", \"parent\", \"checksum\", \"duration_ms\") VALUES ($1, $2, $3, $4)",
                 std::string(revision.info->id), parent ? parent->c_str() : nullptr, std::string(revision.checksum),
                 duration_ms);
}

void remove_applied(pqxx::transaction_base& tx, std::string_view revision_id) {
  tx.exec_params("DELETE FROM " + history_table_name() + " WHERE \"revision\" = $1", std::string(revision_id));
}

void update_checksum(pqxx::transaction_base& tx, std::string_view revision_id, std::string_view checksum) {
  tx.exec_params("UPDATE " + history_table_name() + " SET \"checksum\" = $2 WHERE \"revision\" = $1",
                 std::string(revision_id), std::string(checksum));
}

}  // namespace strata

#include "runner/history_table.hpp"

#include <map>

#include <pqxx/pqxx>

#include "core/postgres_dialect.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

std::optional<std::string> parent_of(const Revision& revision) {
  if (revision.info == nullptr || revision.info->parent.empty()) return std::nullopt;
  return std::string(revision.info->parent);
}

std::string expected_columns_text() {
  std::string text;
  for (const HistoryColumn& column : history_columns()) {
    text += (text.empty() ? "" : ", ") + std::string(column.name) + " " + std::string(column.type);
  }
  return text;
}

std::string first_line_of(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.rfind("ERROR:", 0) == 0) line = line.substr(line.find_first_not_of(' ', 6));
  return line;
}

// A NULL in a column history_columns() marks not_null (a constraint someone dropped) is damage,
// not an empty value.
void refuse_nulls(pqxx::transaction_base& tx, const HistoryTable& table) {
  std::string which;
  std::string any;
  for (const HistoryColumn& column : history_columns()) {
    if (!column.not_null) continue;
    const std::string name = quote_identifier(column.name);
    which += " WHEN " + name + " IS NULL THEN " + quote_literal(column.name);
    any += (any.empty() ? "" : " OR ") + name + " IS NULL";
  }
  pqxx::result null = tx.exec("SELECT coalesce(\"revision\", '(NULL)'), CASE" + which + " END FROM " +
                              table.qualified() + " WHERE " + any + " LIMIT 1");
  if (null.empty()) return;
  throw HistoryError("the history table " + table.qualified() + " is damaged: column \"" +
                     null[0][1].as<std::string>() + "\" is NULL in the row of revision " +
                     null[0][0].as<std::string>());
}

}  // namespace

std::string HistoryTable::qualified() const { return quote_identifier(schema) + "." + quote_identifier(name); }

HistoryTable history_table_of(const Registry& registry) {
  HistoryTable table;
  const std::string_view text = registry.history_table;
  if (text.empty()) return table;
  const std::size_t dot = text.find('.');
  if (dot != std::string_view::npos) table.schema = std::string(text.substr(0, dot));
  table.name = std::string(dot == std::string_view::npos ? text : text.substr(dot + 1));
  for (const std::string& part : {table.schema, table.name}) {
    if (part.empty() || part.size() > 63 || part.find('.') != std::string::npos) {
      throw HistoryError("the history table name '" + std::string(text) +
                         "' is not NAME or SCHEMA.NAME (each 1 to 63 bytes, no further '.')");
    }
  }
  return table;
}

const std::vector<HistoryColumn>& history_columns() {
  static const std::vector<HistoryColumn> columns = {
      {"revision", "text", "text PRIMARY KEY", true},
      {"parent", "text", "text", false},
      {"checksum", "text", "text NOT NULL", true},
      {"applied_at", "timestamp with time zone", "timestamptz NOT NULL DEFAULT now()", true},
      {"duration_ms", "integer", "integer NOT NULL", true},
      {"applied_by", "text", "text NOT NULL DEFAULT current_user", true},
      {"partial_step", "integer", "integer", false, true},
  };
  return columns;
}

std::string create_history_table_sql(const HistoryTable& table) {
  std::string sql;
  if (table.schema != kHistorySchema) sql += "CREATE SCHEMA IF NOT EXISTS " + quote_identifier(table.schema) + ";\n";
  std::vector<const HistoryColumn*> original, added_later;
  for (const HistoryColumn& column : history_columns())
    (column.added_later ? added_later : original).push_back(&column);
  sql += "CREATE TABLE IF NOT EXISTS " + table.qualified() + " (\n";
  for (std::size_t i = 0; i < original.size(); ++i) {
    sql += "  " + quote_identifier(original[i]->name) + " " + std::string(original[i]->definition) +
           (i + 1 < original.size() ? ",\n" : "\n");
  }
  sql += ");";
  for (const HistoryColumn* column : added_later) {
    sql += "\nALTER TABLE " + table.qualified() + " ADD COLUMN IF NOT EXISTS " + quote_identifier(column->name) + " " +
           std::string(column->definition) + ";";
  }
  return sql;
}

std::string insert_history_sql(const HistoryTable& table, const Revision& revision, std::string_view duration_ms) {
  std::optional<std::string> parent = parent_of(revision);
  return "INSERT INTO " + table.qualified() + " (\"revision\", \"parent\", \"checksum\", \"duration_ms\") VALUES (" +
         quote_literal(revision.info->id) + ", " + (parent ? quote_literal(*parent) : std::string("NULL")) + ", " +
         quote_literal(revision.checksum) + ", " + std::string(duration_ms) + ");";
}

std::string delete_history_sql(const HistoryTable& table, std::string_view revision_id) {
  return "DELETE FROM " + table.qualified() + " WHERE \"revision\" = " + quote_literal(revision_id) + ";";
}

std::string record_partial_sql(const HistoryTable& table, const Revision& revision, int partial_step) {
  std::optional<std::string> parent = parent_of(revision);
  return "INSERT INTO " + table.qualified() +
         " (\"revision\", \"parent\", \"checksum\", \"duration_ms\", \"partial_step\") VALUES (" +
         quote_literal(revision.info->id) + ", " + (parent ? quote_literal(*parent) : std::string("NULL")) + ", " +
         quote_literal(revision.checksum) + ", 0, " + std::to_string(partial_step) +
         ") ON CONFLICT (\"revision\") DO UPDATE SET \"partial_step\" = EXCLUDED.\"partial_step\";";
}

std::string record_completed_sql(const HistoryTable& table, const Revision& revision, std::string_view duration_ms) {
  return "UPDATE " + table.qualified() +
         " SET \"partial_step\" = NULL, \"checksum\" = " + quote_literal(revision.checksum) +
         ", \"duration_ms\" = " + std::string(duration_ms) +
         ", \"applied_at\" = now() WHERE \"revision\" = " + quote_literal(revision.info->id) + ";";
}

void ensure_history_table(pqxx::transaction_base& tx, const HistoryTable& table) {
  // Only when missing: CREATE TABLE IF NOT EXISTS would still need CREATE on the schema, which a
  // role that may write an existing history table need not have.
  if (!history_table_exists(tx, table)) {
    tx.exec0(create_history_table_sql(table));
    return;
  }
  for (const HistoryColumn& column : history_columns()) {
    if (!column.added_later) continue;
    const bool present = tx.exec_params(
                               "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 "
                               "AND NOT attisdropped",
                               table.qualified(), std::string(column.name))
                             .size() == 1;
    if (!present) {
      tx.exec0("ALTER TABLE " + table.qualified() + " ADD COLUMN IF NOT EXISTS " + quote_identifier(column.name) + " " +
               std::string(column.definition));
    }
  }
}

bool history_table_exists(pqxx::transaction_base& tx, const HistoryTable& table) {
  return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", table.qualified())[0][0].as<bool>();
}

void check_history_table(pqxx::transaction_base& tx, const HistoryTable& history, bool writing) {
  const std::string table = history.qualified();
  auto damaged = [&](const std::string& what) {
    return HistoryError("the history table " + table + " is damaged: " + what +
                        " (expected columns: " + expected_columns_text() + ")");
  };
  pqxx::result columns = tx.exec_params(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
      table);
  std::map<std::string, std::string> live;
  for (const pqxx::row& row : columns) live[row[0].as<std::string>()] = row[1].as<std::string>();
  for (const HistoryColumn& column : history_columns()) {
    auto found = live.find(std::string(column.name));
    if (found == live.end() && column.added_later) continue;  // an earlier release's table, read as it is
    if (found == live.end()) throw damaged("column \"" + std::string(column.name) + "\" is missing");
    if (found->second != column.type) {
      throw damaged("column \"" + std::string(column.name) + "\" is " + found->second + ", expected " +
                    std::string(column.type));
    }
  }
  for (const char* privilege : {"SELECT", "INSERT", "UPDATE", "DELETE"}) {
    if (!writing && std::string_view(privilege) != "SELECT") break;
    if (!tx.exec_params("SELECT has_table_privilege(to_regclass($1), $2)", table, privilege)[0][0].as<bool>()) {
      throw HistoryError("no " + std::string(privilege) + " privilege on the history table " + table + " for role " +
                         tx.exec("SELECT current_user")[0][0].as<std::string>() +
                         " (GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO it)");
    }
  }
}

std::vector<HistoryRow> read_history(pqxx::transaction_base& tx, const HistoryTable& table) {
  if (!history_table_exists(tx, table)) return {};
  check_history_table(tx, table, false);
  pqxx::result rows;
  try {
    refuse_nulls(tx, table);
    rows = tx.exec(
        "SELECT \"revision\", \"parent\", \"checksum\", "
        "to_char(\"applied_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "\"duration_ms\", \"applied_by\", (to_jsonb(h) ->> 'partial_step')::integer FROM " +
        table.qualified() + " AS h ORDER BY \"applied_at\", \"revision\"");
  } catch (const pqxx::sql_error& error) {
    throw HistoryError("cannot read the history table " + table.qualified() + ": " + first_line_of(error.what()));
  }
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

void record_applied(pqxx::transaction_base& tx, const HistoryTable& table, const Revision& revision, int duration_ms) {
  std::optional<std::string> parent = parent_of(revision);
  tx.exec_params("INSERT INTO " + table.qualified() +
                     " (\"revision\", \"parent\", \"checksum\", \"duration_ms\") VALUES ($1, $2, $3, $4)",
                 std::string(revision.info->id), parent ? parent->c_str() : nullptr, std::string(revision.checksum),
                 duration_ms);
}

void remove_applied(pqxx::transaction_base& tx, const HistoryTable& table, std::string_view revision_id) {
  tx.exec_params("DELETE FROM " + table.qualified() + " WHERE \"revision\" = $1", std::string(revision_id));
}

void update_checksum(pqxx::transaction_base& tx, const HistoryTable& table, std::string_view revision_id,
                     std::string_view checksum) {
  tx.exec_params("UPDATE " + table.qualified() + " SET \"checksum\" = $2 WHERE \"revision\" = $1",
                 std::string(revision_id), std::string(checksum));
}

}  // namespace strata

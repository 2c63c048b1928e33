// The history table: one row per applied revision, in the database being migrated. Each
// migration set names its own (strata_add_migrations(HISTORY_TABLE), Registry::history_table),
// so several sets can share one database; the default is
//
//   "public"."strata_history" (revision text primary key, parent text, checksum text not null,
//                              applied_at timestamptz not null default now(),
//                              duration_ms integer not null,
//                              applied_by text not null default current_user,
//                              partial_step integer)
//
// partial_step is NULL for a revision applied whole. A revision run part by part
// (runner/revision_step.hpp) records +k after its first k up parts and -k after its first k down
// parts, so a killed or failed run resumes there. Tables created by earlier releases lack the
// column: ensure_history_table() adds it in place (ADD COLUMN IF NOT EXISTS).
//
// It is created on first use by the commands that write it (upgrade, downgrade, stamp); the
// read-only commands treat a missing table as an empty history. Before use, its columns and
// types are checked against history_columns() in the catalog, and the role's privileges on it: a
// damaged table is a HistoryError (exit 5) naming the table and what is wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/revision.hpp"

namespace pqxx {
class transaction_base;
}

namespace strata {

// The default table, when the registry names none.
inline constexpr std::string_view kHistorySchema = "public";
inline constexpr std::string_view kHistoryTable = "strata_history";

// Which table holds a migration set's history.
struct HistoryTable {
  std::string schema = std::string(kHistorySchema);
  std::string name = std::string(kHistoryTable);
  std::string qualified() const;  // "public"."strata_history": quoted, for SQL and messages
};

// The registry's history_table: "name" (in public) or "schema.name"; empty: the default. Throws
// HistoryError when it is malformed (an empty part, more than one '.', a part over 63 bytes).
HistoryTable history_table_of(const Registry& registry);

struct HistoryRow {
  std::string revision;
  std::optional<std::string> parent;  // nullopt for the first revision
  std::string checksum;
  std::string applied_at;  // as PostgreSQL prints a timestamptz
  int duration_ms = 0;
  std::string applied_by;
  std::optional<int> partial_step;  // nullopt: applied whole
  bool operator==(const HistoryRow&) const = default;
};

// One column of the history table: the one list both the DDL and the check of a live table use.
struct HistoryColumn {
  std::string_view name;
  std::string_view type;        // as format_type() prints it: what the live column must be
  std::string_view definition;  // its DDL after the name
  bool not_null;                // a NULL in it is damage
  bool added_later = false;     // tables of earlier releases lack it until a writing command adds it
};
const std::vector<HistoryColumn>& history_columns();

// CREATE TABLE IF NOT EXISTS ... ; (after CREATE SCHEMA IF NOT EXISTS for a schema other than
// public) and the ALTER TABLE ... ADD COLUMN IF NOT EXISTS that brings a table of an earlier
// release up to date.
std::string create_history_table_sql(const HistoryTable& table);
// INSERT INTO ... VALUES (...); and DELETE FROM ... WHERE revision = ...; with the values as SQL
// literals: for the offline --sql script and a revision the executor sends as one message.
// `duration_ms` is an SQL integer expression: "0", "42", or kDurationOfMessageMs.
std::string insert_history_sql(const HistoryTable& table, const Revision& revision, std::string_view duration_ms);
std::string delete_history_sql(const HistoryTable& table, std::string_view revision_id);
// A revision run part by part: the row after `partial_step` parts (see above), and the row of the
// revision once its last up part ran (the INSERT above when no partial row can exist).
std::string record_partial_sql(const HistoryTable& table, const Revision& revision, int partial_step);
std::string record_completed_sql(const HistoryTable& table, const Revision& revision, std::string_view duration_ms);
// The duration of a revision whose statements and history write reach the server as one message:
// the server's time since it received the message (statement_timestamp() is the same for each
// statement of it).
inline constexpr std::string_view kDurationOfMessageMs =
    "(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::integer";

// Creates the table when it does not exist, and adds the columns an earlier release lacks.
void ensure_history_table(pqxx::transaction_base& tx, const HistoryTable& table);
bool history_table_exists(pqxx::transaction_base& tx, const HistoryTable& table);
// Throws HistoryError naming the table when a column of history_columns() is missing or of
// another type, or when the role lacks SELECT (and, when `writing`, INSERT, UPDATE, DELETE).
void check_history_table(pqxx::transaction_base& tx, const HistoryTable& table, bool writing);
// Every row, oldest first; empty when the table does not exist. Checks the table first; a NULL
// where history_columns() says not_null is a HistoryError.
std::vector<HistoryRow> read_history(pqxx::transaction_base& tx, const HistoryTable& table);
void record_applied(pqxx::transaction_base& tx, const HistoryTable& table, const Revision& revision, int duration_ms);
void remove_applied(pqxx::transaction_base& tx, const HistoryTable& table, std::string_view revision_id);
// Rewrites a row's checksum (stamp repairs a history whose revisions were edited after they ran).
void update_checksum(pqxx::transaction_base& tx, const HistoryTable& table, std::string_view revision_id,
                     std::string_view checksum);

}  // namespace strata

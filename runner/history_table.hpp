// The history table: one row per applied revision, in the database being migrated.
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
// read-only commands treat a missing table as an empty history.
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

// The table's name, in one place: the drift check skips this table.
inline constexpr std::string_view kHistorySchema = "public";
inline constexpr std::string_view kHistoryTable = "strata_history";

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

// "public"."strata_history"
std::string history_table_name();

// CREATE TABLE IF NOT EXISTS ... ; and the ALTER TABLE ... ADD COLUMN IF NOT EXISTS that brings a
// table of an earlier release up to date.
std::string create_history_table_sql();
// INSERT INTO ... VALUES (...); and DELETE FROM ... WHERE revision = ...; with the values as SQL
// literals: for the offline --sql script.
std::string insert_history_sql(const Revision& revision, int duration_ms);
std::string delete_history_sql(std::string_view revision_id);
// A revision run part by part: the row after `partial_step` parts (see above), and the row of the
// revision once its last up part ran (the INSERT above when no partial row can exist).
std::string record_partial_sql(const Revision& revision, int partial_step);
std::string record_completed_sql(const Revision& revision, int duration_ms);

// Creates the table when it does not exist.
void ensure_history_table(pqxx::transaction_base& tx);
// Every row, oldest first; empty when the table does not exist.
std::vector<HistoryRow> read_history(pqxx::transaction_base& tx);
void record_applied(pqxx::transaction_base& tx, const Revision& revision, int duration_ms);
void remove_applied(pqxx::transaction_base& tx, std::string_view revision_id);
// Rewrites a row's checksum (stamp repairs a history whose revisions were edited after they ran).
void update_checksum(pqxx::transaction_base& tx, std::string_view revision_id, std::string_view checksum);

}  // namespace strata

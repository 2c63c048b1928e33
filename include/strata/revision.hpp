// The revision/registry API: what a generated revision source (migrations/NNNN_slug.cpp) defines
// and what the generated registry hands the migrator. Standard library only; the data-migration
// hooks receive a libpqxx transaction, which is only forward-declared here.
#pragma once

#include <string_view>

namespace pqxx {
class transaction_base;
}

namespace strata {

// A C++ data-migration hook, run inside the revision's transaction: `before` hooks run ahead of
// the revision's SQL, `after` hooks once it has run.
using DataHook = void (*)(pqxx::transaction_base&);

// Written by the generator into migrations/NNNN_slug.cpp; edited by people only to add hooks.
struct RevisionInfo {
  std::string_view id;      // "0003_add_tenant_region"
  std::string_view parent;  // "" for the first revision
  std::string_view message;
  std::string_view created_at;     // ISO 8601, UTC
  std::string_view snapshot_hash;  // hash of the canonical snapshot this revision leads to
  DataHook before_upgrade = nullptr;
  DataHook after_upgrade = nullptr;
  DataHook before_downgrade = nullptr;
  DataHook after_downgrade = nullptr;
  // The ids this revision stands in for, oldest first, separated by spaces (written only by the
  // commands that need it): the id a revision had before `strata-gen merge` renumbered it, or the
  // range a `strata-gen squash` baseline replaces (the baseline keeps the range's last id). A
  // database whose history records the last of them has this revision applied; one that records
  // only earlier ones stopped inside a squashed range.
  std::string_view replaces = "";
  // Generated in online mode (`strata-gen generate --online`): the migrator runs its steps with a
  // lock_timeout (2 s unless --lock-timeout) and retries a step that timed out (--lock-retries).
  bool online = false;
};

// One compiled-in revision: its source plus the SQL files, embedded by the generated registry.
struct Revision {
  const RevisionInfo* info = nullptr;
  std::string_view up_sql;
  std::string_view down_sql;
  // What the history table records when applied: "<up>:<down>:<cpp>", the hex SHA-256 of
  // up.sql, down.sql and the revision's .cpp (its hooks).
  std::string_view checksum;
};

// The registry generated into generated/registry.cpp: every revision in parent-before-child order.
struct Registry {
  std::string_view name;              // the migration set, strata_add_migrations(NAME)
  std::string_view database_url_env;  // e.g. AUTOML_DATABASE_URL
  // migrations/snapshot.json: the schema at head, what `migrator check` compares the live schema
  // with. Only the head's: embedding every revision's snapshot grows the migrator quadratically.
  std::string_view head_snapshot_json;
  const Revision* revisions = nullptr;
  std::size_t count = 0;
  // strata_add_migrations(HISTORY_TABLE): "name" (in public) or "schema.name"; empty: the default
  // public.strata_history. Its own table lets several migration sets share one database.
  std::string_view history_table;
  // strata_add_migrations(UNMANAGED): globs on schema.name, one a line, that `migrator check`
  // never reports nor drops (core/unmanaged_patterns.hpp).
  std::string_view unmanaged = {};
};

const Registry& registry();

}  // namespace strata

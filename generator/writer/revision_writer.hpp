// Writes revisions into a migrations directory (DESIGN.md, "Files of a revision"):
// NNNN_slug.cpp / .up.sql / .down.sql, snapshot.json and strata.sum, all in one atomic swap of the
// directory (directory_transaction.hpp), then refreshes generated/registry.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/registry_emitter.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {

// One SQL statement as the dialect rendered it, with the warnings that concern it (written as
// `-- WARNING: ...` comments above it).
struct RenderedStatement {
  std::string sql;  // a trailing ";" is added when missing
  std::vector<std::string> warnings;
  // Written after a `-- strata:step` line: the migrator commits what precedes it first (an enum
  // label the statement uses). The runner's runner/revision_step.hpp reads the line.
  bool starts_step = false;
  // Written after a `-- strata:step backfill` line instead: the migrator runs the statements up to
  // the next step in batches (core/postgres_dialect.hpp, Statement::batched).
  bool batched = false;
  // Lint rules the models acknowledge (STRATA_ALLOW) for the statement: written as a
  // `-- strata:allow rule ...` line, which `strata-gen lint` reads (core/sql_lint.hpp).
  std::vector<std::string> allowed_rules = {};
};

// The statement's `-- strata:allow ...` line with its newline, "" when it has no allowed rule.
std::string allow_line(const RenderedStatement& statement);

// The marker line, as the generator writes it.
inline constexpr std::string_view kStepMarkerLine =
    "-- strata:step (the migrator commits the statements above before it runs the ones below)";
inline constexpr std::string_view kBackfillMarkerLine =
    "-- strata:step backfill (the migrator counts the rows, then repeats the UPDATE in batches of --batch-size "
    "rows, each its own transaction, until it changes none)";

struct NewRevision {
  std::string message;                  // -m, or derived: empty takes slug_words joined by spaces
  std::vector<std::string> slug_words;  // from the operations when no message (e.g. {"add","users","locale"})
  std::vector<RenderedStatement> up, down;
  ModelGraph snapshot;     // the graph the revision leads to
  std::string snapshot_json;  // write_snapshot(snapshot) when the caller wrote it already; empty: written here
  bool online = false;     // generated in online mode: the migrator runs it with lock_timeout and retries
  std::string created_at;  // ISO 8601 UTC; empty takes the current time
};

// The four files of a revision, as they are written.
struct RevisionFiles {
  std::string source;         // NNNN_slug.cpp
  std::string up_sql;         // NNNN_slug.up.sql
  std::string down_sql;       // NNNN_slug.down.sql
  std::string snapshot_json;  // snapshot.json
  std::string snapshot_hash;  // hex SHA-256 of snapshot_json, as the source records it
};

// Renders the files of revision `id` with parent `parent` ("" for the first); pure.
RevisionFiles render_revision_files(const NewRevision& revision, std::string_view id, std::string_view parent);

// The current time as "2024-05-01T12:34:56Z"; SOURCE_DATE_EPOCH (seconds), when set, replaces the clock.
std::string utc_now_iso8601();

// Where a migration set lives and what its registry is called.
struct MigrationSetConfig {
  std::filesystem::path migrations_dir;
  std::filesystem::path generated_dir;
  std::string name;                                 // strata_add_migrations(NAME)
  std::string database_url_env;                     // strata_add_migrations(DATABASE_URL_ENV)
  std::string history_table{kDefaultHistoryTable};  // strata_add_migrations(HISTORY_TABLE)
  std::vector<std::string> unmanaged = {};          // strata_add_migrations(UNMANAGED)
};

class DirectoryLock;         // directory_transaction.hpp
class DirectoryTransaction;  // directory_transaction.hpp

class RevisionWriter {
 public:
  explicit RevisionWriter(MigrationSetConfig config);

  // Writes the next revision and returns its id ("0003_add_tenant_region": next number after the
  // highest, slug from the message or else the slug words). Refuses (MigrationSetError) when
  // the directory does not load or strata.sum reports a problem; other failures throw
  // std::system_error. Either way the migrations directory is left as it was.
  std::string write(NewRevision revision);

  // write() for a caller that reads the directory once for its whole run (strata-gen generate):
  // it holds `lock` on the migrations directory, removed a stale staging copy, then read `files`
  // (MigrationDirectory::read) and found no problem: verify_sum(files) empty, `set` =
  // load_migration_set(files). strata.sum and the registry are computed from `files` plus the new
  // revision, not re-read. Same atomicity and failures as write().
  std::string write(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files, const MigrationSet& set);

  // `strata-gen generate --amend`: replaces the head revision of `set` by `revision`, written on
  // the head's parent with the next number there (the head's, when it held the highest), its
  // slug from the new message or operations. Called as write(revision, lock, files, set) is.
  std::string amend(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files, const MigrationSet& set);

  // For the commands that rewrite revisions in `transaction` (merge, squash), holding `lock`:
  // checks that the staged directory loads as one chain (MigrationSetError, nothing changed,
  // when not), records its strata.sum, commits, and refreshes the registry.
  void commit_rewrite(DirectoryTransaction& transaction, const DirectoryLock& lock);

  // `strata-gen hash`: accepts hand edits by rewriting strata.sum (when it changes) and
  // registry.cpp. Refuses (MigrationSetError) when the directory does not load. Returns the
  // strata.sum problems it accepted.
  std::vector<SumProblem> rehash();

  // Rewrites generated/registry.cpp when its content changes; returns whether it wrote.
  // Refuses (MigrationSetError) when the directory does not load or strata.sum reports a problem.
  bool refresh_registry();

  // refresh_registry() for a caller that holds `lock` and read and verified `files` as for
  // write(revision, lock, files, set).
  bool refresh_registry(const DirectoryLock& lock, const MigrationDirectory& files, const MigrationSet& set);

  // The registry.cpp text the directory (or `files`, read from it) calls for (it does not verify
  // strata.sum). Refuses (MigrationSetError) when the directory does not load.
  std::string expected_registry() const;
  std::string expected_registry(const MigrationDirectory& files) const;

  // The first of generated/registry.cpp (expected_registry()) and generated/<NAME>_schema.hpp
  // that does not hold exactly what the directory calls for; nullopt when both are current.
  std::optional<std::filesystem::path> stale_generated_file() const;
  std::optional<std::filesystem::path> stale_generated_file(const MigrationDirectory& files) const;
  // For a caller that loaded `set` from `files` already (parsing snapshot.json is most of a load).
  std::optional<std::filesystem::path> stale_generated_file(const MigrationDirectory& files,
                                                            const MigrationSet& set) const;

  std::filesystem::path registry_path() const { return config_.generated_dir / kRegistryFileName; }
  std::filesystem::path schema_header_path() const;

  // Test hook, called with each file name once it is staged, then with "exchanged" right after
  // the swap; a hook that throws or kills the process shows what a failure there leaves behind.
  void set_step_hook(std::function<void(std::string_view step)> hook) { step_hook_ = std::move(hook); }

 private:
  // write() on `set`, first removing the files of revision `replaced` ("" for none).
  std::string write_on(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files, const MigrationSet& set,
                       const std::string& replaced);
  // The registry.cpp text for `set` read from `files`: what is written, expected and checked.
  std::string registry_text(const MigrationSet& set, const MigrationDirectory& files) const;
  struct GeneratedTexts {
    std::string registry;
    std::string schema_header;
  };
  GeneratedTexts generated_texts(const MigrationSet& set, const MigrationDirectory& files) const;
  bool write_registry(const MigrationSet& set, const MigrationDirectory& files) const;
  bool write_registry(const GeneratedTexts& texts) const;
  void step(std::string_view name) const {
    if (step_hook_) step_hook_(name);
  }

  MigrationSetConfig config_;
  std::function<void(std::string_view)> step_hook_;
};

}  // namespace strata

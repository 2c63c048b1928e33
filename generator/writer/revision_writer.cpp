#include "generator/writer/revision_writer.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <future>
#include <stdexcept>

#include "core/joined.hpp"
#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "generator/writer/atomic_file.hpp"
#include "generator/writer/cpp_literal.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/registry_emitter.hpp"
#include "generator/writer/revision_id.hpp"
#include "generator/writer/revision_templates.hpp"
#include "generator/writer/schema_header_emitter.hpp"

namespace strata {
namespace {

using kainjow::mustache::data;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The statement without surrounding blank space, ending in ";".
std::string terminated(std::string_view sql) {
  while (!sql.empty() && is_space(sql.front())) sql.remove_prefix(1);
  while (!sql.empty() && is_space(sql.back())) sql.remove_suffix(1);
  if (sql.empty()) throw InternalError("an empty SQL statement cannot be written into a revision");
  std::string out(sql);
  if (out.back() != ';') out += ';';
  return out;
}

}  // namespace

std::string allow_line(const RenderedStatement& statement) {
  return statement.allowed_rules.empty() ? std::string()
                                         : "-- strata:allow " + joined(statement.allowed_rules, " ") + "\n";
}

namespace {

data statements_view(const std::vector<RenderedStatement>& statements) {
  std::vector<data> list;
  list.reserve(statements.size());
  for (const RenderedStatement& statement : statements) {
    data warnings{data::type::list};
    for (const std::string& warning : statement.warnings) warnings.push_back(one_line(warning));
    data entry;
    templates::set_moved(entry, "sql", terminated(statement.sql));
    templates::set_moved(entry, "warnings", std::move(warnings));
    entry.set("allow_line", allow_line(statement));
    entry.set("step_marker", statement.starts_step
                                 ? std::string(statement.batched ? kBackfillMarkerLine : kStepMarkerLine) + "\n"
                                 : std::string());
    list.push_back(std::move(entry));
  }
  return templates::list_of(std::move(list));
}

std::string message_of(const NewRevision& revision) {
  return revision.message.empty() ? joined(revision.slug_words, " ") : revision.message;
}

// strata.sum problems first, then load problems, all in one MigrationSetError.
MigrationSet load_verified(const MigrationDirectory& files) {
  CheckedMigrationSet checked = load_and_check_sum(files);
  std::vector<std::string> problems = std::move(checked.sum_problems);
  problems.insert(problems.end(), checked.load_problems.begin(), checked.load_problems.end());
  if (!problems.empty()) throw MigrationSetError(std::move(problems));
  return std::move(*checked.set);
}

}  // namespace

// SOURCE_DATE_EPOCH (the reproducible-builds convention: seconds since 1970) stands in for the
// clock when set, so tests and reproducible builds get byte-identical revisions.
std::string utc_now_iso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    errno = 0;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (errno != 0 || *end != '\0' || seconds < 0)
      throw SettingsError("SOURCE_DATE_EPOCH must be a non-negative count of seconds, not '" + std::string(epoch) +
                          "'");
    now = static_cast<std::time_t>(seconds);
  }
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

RevisionFiles render_revision_files(const NewRevision& revision, std::string_view id, std::string_view parent) {
  const std::string message = message_of(revision);
  const std::string created_at = revision.created_at.empty() ? utc_now_iso8601() : revision.created_at;
  RevisionFiles files;
  files.snapshot_json = revision.snapshot_json.empty() ? write_snapshot(revision.snapshot) : revision.snapshot_json;

  data source;
  source.set("id", std::string(id));
  source.set("parent", std::string(parent));
  source.set("namespace", revision_namespace(id));
  source.set("message_literal", cpp_string_literal(message));
  source.set("created_at_literal", cpp_string_literal(created_at));
  files.snapshot_hash = sha256_hex(files.snapshot_json);
  source.set("snapshot_hash", files.snapshot_hash);
  source.set("online", revision.online);
  files.source = templates::render("revision.cpp.mustache", templates::kRevisionCpp, source);

  data sql;
  sql.set("id", std::string(id));
  sql.set("parent_text", parent.empty() ? std::string("none (first revision)") : std::string(parent));
  sql.set("message_text", one_line(message));
  sql.set("created_at_text", one_line(created_at));
  templates::set_moved(sql, "statements", statements_view(revision.up));
  files.up_sql = templates::render("up.sql.mustache", templates::kUpSql, sql);
  templates::set_moved(sql, "statements", statements_view(revision.down));
  files.down_sql = templates::render("down.sql.mustache", templates::kDownSql, sql);
  return files;
}

RevisionWriter::RevisionWriter(MigrationSetConfig config) : config_(std::move(config)) {}

std::string RevisionWriter::write(NewRevision revision) {
  const DirectoryLock lock(config_.migrations_dir);
  remove_stale_staging(config_.migrations_dir);
  MigrationDirectory files = MigrationDirectory::read(config_.migrations_dir);
  const MigrationSet set = load_verified(files);
  return write(std::move(revision), lock, std::move(files), set);
}

std::string RevisionWriter::write(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files,
                                  const MigrationSet& set) {
  return write_on(std::move(revision), lock, std::move(files), set, "");
}

std::string RevisionWriter::amend(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files,
                                  const MigrationSet& set) {
  MigrationSet parent = set;
  parent.revisions.pop_back();
  return write_on(std::move(revision), lock, std::move(files), parent, set.head());
}

std::string RevisionWriter::write_on(NewRevision revision, const DirectoryLock& lock, MigrationDirectory files,
                                     const MigrationSet& set, const std::string& replaced) {
  const std::string id = make_revision_id(set.highest_number() + 1, make_slug(revision.message, revision.slug_words));
  RevisionFiles rendered = render_revision_files(revision, id, set.head());
  // The set and its files as the transaction leaves them, for strata.sum and the registry:
  // `set` plus the new head, `files` plus what is staged.
  MigrationSet written;
  written.dir = set.dir;
  written.revisions = set.revisions;
  written.revisions.push_back({id, set.head(), rendered.snapshot_hash});
  written.snapshot = std::move(revision.snapshot);  // rendered: not read from `revision` again
  written.has_snapshot_file = true;
  // The directory as the transaction leaves it, in memory first: the registry and the schema
  // header (two large renders from it) are made on the other cores while the transaction writes
  // and syncs the files, and written once it has committed.
  const std::vector<std::string> removed =
      replaced.empty() ? std::vector<std::string>{}
                       : std::vector<std::string>{revision_source_file(replaced), up_sql_file(replaced),
                                                  down_sql_file(replaced)};
  for (const std::string& file : removed) files.erase(file);
  const std::vector<std::string> staged = {revision_source_file(id), up_sql_file(id), down_sql_file(id),
                                           std::string(kSnapshotFileName), std::string(kSumFileName)};
  files.put(staged[0], std::move(rendered.source));
  files.put(staged[1], std::move(rendered.up_sql));
  files.put(staged[2], std::move(rendered.down_sql));
  files.put(staged[3], std::move(rendered.snapshot_json), std::move(rendered.snapshot_hash));
  // Hashes every revision file: the renders below then only read `files`.
  files.put(staged[4], render_sum(hash_files(files, migration_files(written))));
  std::future<GeneratedTexts> texts =
      std::async(std::launch::async, [&] { return generated_texts(written, files); });
  {
    DirectoryTransaction transaction(config_.migrations_dir, lock);
    for (const std::string& file : removed) transaction.remove(file);
    for (const std::string& file : staged) {
      transaction.write(file, files.content(file));
      step(file);
    }
    transaction.commit([&] { step("exchanged"); });
    // registry.cpp is derived from migrations/: a run killed before this line leaves it stale,
    // which `strata-registry --check` reports and the next run repairs.
    write_registry(texts.get());
  }
  return id;
}

void RevisionWriter::commit_rewrite(DirectoryTransaction& transaction, const DirectoryLock& /*lock*/) {
  const MigrationDirectory staged = MigrationDirectory::read(transaction.staging());
  transaction.write(kSumFileName, render_sum(hash_files(staged, migration_files(load_migration_set(staged)))));
  transaction.commit([&] { step("exchanged"); });
  const MigrationDirectory files = MigrationDirectory::read(config_.migrations_dir);
  write_registry(load_migration_set(files), files);
}

std::vector<SumProblem> RevisionWriter::rehash() {
  const DirectoryLock lock(config_.migrations_dir);
  remove_stale_staging(config_.migrations_dir);
  const MigrationDirectory files = MigrationDirectory::read(config_.migrations_dir);
  const MigrationSet set = load_migration_set(files);
  // Includes "strata.sum: missing" when there are files but no strata.sum yet.
  std::vector<SumProblem> accepted = verify_sum(files);
  if (!accepted.empty()) {
    DirectoryTransaction transaction(config_.migrations_dir, lock);
    transaction.write(kSumFileName, render_sum(hash_migration_files(files)));
    step(kSumFileName);
    transaction.commit([&] { step("exchanged"); });
  }
  write_registry(set, files);
  return accepted;
}

bool RevisionWriter::refresh_registry() {
  const DirectoryLock lock(config_.migrations_dir);
  const MigrationDirectory files = MigrationDirectory::read(config_.migrations_dir);
  return refresh_registry(lock, files, load_verified(files));
}

bool RevisionWriter::refresh_registry(const DirectoryLock& /*lock*/, const MigrationDirectory& files,
                                      const MigrationSet& set) {
  return write_registry(set, files);
}

std::string RevisionWriter::expected_registry() const {
  return expected_registry(MigrationDirectory::read(config_.migrations_dir));
}

std::string RevisionWriter::expected_registry(const MigrationDirectory& files) const {
  return registry_text(load_migration_set(files), files);
}

std::string RevisionWriter::registry_text(const MigrationSet& set, const MigrationDirectory& files) const {
  return render_registry(set, files, config_.name, config_.database_url_env, config_.history_table,
                         config_.unmanaged);
}

std::filesystem::path RevisionWriter::schema_header_path() const {
  return config_.generated_dir / schema_header_file_name(config_.name);
}

std::optional<std::filesystem::path> RevisionWriter::stale_generated_file() const {
  return stale_generated_file(MigrationDirectory::read(config_.migrations_dir));
}

std::optional<std::filesystem::path> RevisionWriter::stale_generated_file(const MigrationDirectory& files) const {
  return stale_generated_file(files, load_migration_set(files));
}

std::optional<std::filesystem::path> RevisionWriter::stale_generated_file(const MigrationDirectory& files,
                                                                          const MigrationSet& set) const {
  const GeneratedTexts expected = generated_texts(set, files);
  if (read_file_if_exists(registry_path()) != expected.registry) return registry_path();
  const std::filesystem::path header = schema_header_path();
  if (read_file_if_exists(header) != expected.schema_header) return header;
  return std::nullopt;
}

// Two large renders (the registry embeds the snapshot and every revision's SQL), neither needing
// the other: side by side on two cores.
RevisionWriter::GeneratedTexts RevisionWriter::generated_texts(const MigrationSet& set,
                                                               const MigrationDirectory& files) const {
  std::future<std::string> header = std::async(
      std::launch::async, [&] { return render_schema_header(set, config_.name, config_.history_table); });
  std::string registry = registry_text(set, files);
  return {std::move(registry), header.get()};
}

bool RevisionWriter::write_registry(const MigrationSet& set, const MigrationDirectory& files) const {
  return write_registry(generated_texts(set, files));
}

bool RevisionWriter::write_registry(const GeneratedTexts& texts) const {
  std::filesystem::create_directories(config_.generated_dir);
  // Temporary files of a run killed mid-write (write_file_atomically names them so).
  const std::string leftover_prefix = "." + std::string(kRegistryFileName) + ".tmp.";
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(config_.generated_dir))
    if (entry.path().filename().string().starts_with(leftover_prefix)) std::filesystem::remove(entry.path());
  // The application's schema contract, derived from the same set (schema_header_emitter.hpp).
  write_file_if_changed(schema_header_path(), texts.schema_header);
  return write_file_if_changed(registry_path(), texts.registry);
}

}  // namespace strata

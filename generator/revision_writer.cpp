#include "generator/revision_writer.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "generator/atomic_file.hpp"
#include "generator/cpp_literal.hpp"
#include "generator/directory_transaction.hpp"
#include "generator/registry_emitter.hpp"
#include "generator/revision_id.hpp"
#include "generator/revision_templates.hpp"

namespace strata {
namespace {

using kainjow::mustache::data;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// Comment text on one line: control characters (a newline would end the comment) become spaces.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The statement without surrounding blank space, ending in ";".
std::string terminated(std::string_view sql) {
  while (!sql.empty() && is_space(sql.front())) sql.remove_prefix(1);
  while (!sql.empty() && is_space(sql.back())) sql.remove_suffix(1);
  if (sql.empty()) throw std::invalid_argument("an empty SQL statement cannot be written into a revision");
  std::string out(sql);
  if (out.back() != ';') out += ';';
  return out;
}

data statements_view(const std::vector<RenderedStatement>& statements) {
  data list{data::type::list};
  for (const RenderedStatement& statement : statements) {
    data warnings{data::type::list};
    for (const std::string& warning : statement.warnings) warnings.push_back(one_line(warning));
    data entry;
    entry.set("sql", terminated(statement.sql));
    entry.set("warnings", warnings);
    list.push_back(entry);
  }
  return list;
}

std::string message_of(const NewRevision& revision) {
  return revision.message.empty() ? join(revision.slug_words, " ") : revision.message;
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
      throw std::invalid_argument("SOURCE_DATE_EPOCH must be a non-negative count of seconds, not '" +
                                  std::string(epoch) + "'");
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
  files.snapshot_json = write_snapshot(revision.snapshot);

  data source;
  source.set("id", std::string(id));
  source.set("parent", std::string(parent));
  source.set("namespace", revision_namespace(id));
  source.set("message_literal", cpp_string_literal(message));
  source.set("created_at_literal", cpp_string_literal(created_at));
  source.set("snapshot_hash", sha256_hex(files.snapshot_json));
  files.source = templates::render("revision.cpp.mustache", templates::kRevisionCpp, source);

  data sql;
  sql.set("id", std::string(id));
  sql.set("parent_text", parent.empty() ? std::string("none (first revision)") : std::string(parent));
  sql.set("message_text", one_line(message));
  sql.set("created_at_text", one_line(created_at));
  sql.set("statements", statements_view(revision.up));
  files.up_sql = templates::render("up.sql.mustache", templates::kUpSql, sql);
  sql.set("statements", statements_view(revision.down));
  files.down_sql = templates::render("down.sql.mustache", templates::kDownSql, sql);
  return files;
}

RevisionWriteError::RevisionWriteError(std::vector<std::string> problems)
    : std::runtime_error(join(problems, "\n")), problems_(std::move(problems)) {}

RevisionWriter::RevisionWriter(MigrationSetConfig config) : config_(std::move(config)) {}

MigrationSet RevisionWriter::load_verified() const {
  std::vector<std::string> problems;
  for (const SumProblem& problem : verify_sum(config_.migrations_dir))
    problems.push_back((config_.migrations_dir / problem.file).string() + ": " + problem.what);
  MigrationSet set;
  try {
    set = load_migration_set(config_.migrations_dir);
  } catch (const MigrationSetError& error) {
    problems.insert(problems.end(), error.problems().begin(), error.problems().end());
  }
  if (!problems.empty()) throw RevisionWriteError(std::move(problems));
  return set;
}

std::string RevisionWriter::write(const NewRevision& revision) {
  const DirectoryLock lock(config_.migrations_dir);
  remove_stale_staging(config_.migrations_dir);
  const MigrationSet set = load_verified();
  const std::string id = make_revision_id(set.highest_number() + 1, make_slug(revision.message, revision.slug_words));
  const RevisionFiles files = render_revision_files(revision, id, set.head());
  {
    DirectoryTransaction transaction(config_.migrations_dir, lock);
    const auto stage = [&](const std::string& file, const std::string& content) {
      transaction.write(file, content);
      step(file);
    };
    stage(revision_source_file(id), files.source);
    stage(up_sql_file(id), files.up_sql);
    stage(down_sql_file(id), files.down_sql);
    stage(std::string(kSnapshotFileName), files.snapshot_json);
    stage(std::string(kSumFileName), render_sum(hash_migration_files(transaction.staging())));
    transaction.commit([&] { step("exchanged"); });
  }
  // registry.cpp is derived from migrations/: a run killed before this line leaves it stale,
  // which `strata-registry --check` reports and the next run repairs.
  write_registry(load_verified());
  return id;
}

std::vector<SumProblem> RevisionWriter::rehash() {
  const DirectoryLock lock(config_.migrations_dir);
  remove_stale_staging(config_.migrations_dir);
  MigrationSet set;
  try {
    set = load_migration_set(config_.migrations_dir);
  } catch (const MigrationSetError& error) {
    throw RevisionWriteError(error.problems());
  }
  // Includes "strata.sum: missing" when there are files but no strata.sum yet.
  std::vector<SumProblem> accepted = verify_sum(config_.migrations_dir);
  if (!accepted.empty()) {
    DirectoryTransaction transaction(config_.migrations_dir, lock);
    transaction.write(kSumFileName, render_sum(hash_migration_files(transaction.staging())));
    step(kSumFileName);
    transaction.commit([&] { step("exchanged"); });
  }
  write_registry(set);
  return accepted;
}

bool RevisionWriter::refresh_registry() {
  const DirectoryLock lock(config_.migrations_dir);
  return write_registry(load_verified());
}

std::string RevisionWriter::expected_registry() const {
  try {
    return render_registry(load_migration_set(config_.migrations_dir), config_.name, config_.database_url_env);
  } catch (const MigrationSetError& error) {
    throw RevisionWriteError(error.problems());
  }
}

bool RevisionWriter::registry_is_current() const {
  return read_file_if_exists(registry_path()) == expected_registry();
}

bool RevisionWriter::write_registry(const MigrationSet& set) const {
  const std::string text = render_registry(set, config_.name, config_.database_url_env);
  std::filesystem::create_directories(config_.generated_dir);
  // Temporary files of a run killed mid-write (write_file_atomically names them so).
  std::string leftover_prefix = ".";  // built by appending: GCC 12 misreports "." + string as -Wrestrict
  leftover_prefix.append(kRegistryFileName).append(".tmp.");
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(config_.generated_dir))
    if (entry.path().filename().string().starts_with(leftover_prefix)) std::filesystem::remove(entry.path());
  return write_file_if_changed(registry_path(), text);
}

}  // namespace strata

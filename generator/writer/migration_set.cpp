#include "generator/writer/migration_set.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "core/in_quotes.hpp"
#include "core/joined.hpp"
#include "core/revision_graph.hpp"
#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "core/sql_expression.hpp"
#include "core/validation.hpp"
#include "generator/writer/atomic_file.hpp"
#include "generator/writer/revision_id.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {
namespace {

// Every revision file of the directory, grouped by id, plus what could not be read.
struct Scan {
  std::map<std::string, std::set<std::string>> files_by_id;  // id -> {".cpp", ".up.sql", ".down.sql"}
  std::vector<std::string> bad_names;                        // look like revision files, but are not
  std::map<std::string, RevisionOnDisk> parsed;              // id -> what its .cpp says
  std::vector<std::string> order;                            // ids, parent before child, as far as it goes
  std::vector<std::string> problems;
  bool has_snapshot_file = false;
};

constexpr std::string_view kExtensions[] = {".cpp", ".up.sql", ".down.sql"};

// "0003_x.up.sql" -> {"0003_x", ".up.sql"}; nullopt for a name that is not a revision file.
std::optional<std::pair<std::string, std::string>> split_revision_file(const std::string& name) {
  for (const std::string_view extension : kExtensions) {
    if (name.size() > extension.size() && name.ends_with(extension)) {
      std::string id = name.substr(0, name.size() - extension.size());
      if (is_revision_id(id)) return std::pair{std::move(id), std::string(extension)};
    }
  }
  return std::nullopt;
}

// Names that start like a revision ("NNNN_") are the directory's business; anything else is not.
bool looks_like_revision_file(const std::string& name) {
  return name.size() > 5 && std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
         name[4] == '_';
}

std::string where(const std::filesystem::path& dir, std::string_view file) { return (dir / file).string(); }

void order_by_parent_chain(const std::filesystem::path& dir, Scan& scan) {
  std::vector<RevisionLink> links;
  links.reserve(scan.parsed.size());
  for (const auto& [id, revision] : scan.parsed) links.push_back({id, revision.parent});
  RevisionGraph graph = order_revisions(links);
  const bool earlier_problems = !scan.problems.empty();
  for (const RevisionProblem& problem : graph.problems) {
    // A parent whose files are there but whose .cpp could not be read is reported as that, and
    // revisions left unreachable by a problem already reported are not a cycle.
    const auto* missing = std::get_if<MissingParent>(&problem);
    if (missing != nullptr && scan.files_by_id.contains(missing->parent)) continue;
    if (earlier_problems && std::holds_alternative<RevisionCycle>(problem)) continue;
    scan.problems.push_back(where(dir, revision_source_file(reported_revision(problem))) + ": " + describe(problem));
  }
  scan.order = std::move(graph.order);
}

Scan scan_directory(const MigrationDirectory& files) {
  Scan scan;
  const std::filesystem::path& dir = files.path();
  if (!files.exists()) return scan;
  if (!files.is_directory()) {
    scan.problems.push_back(dir.string() + ": not a directory");
    return scan;
  }
  for (const std::string& name : files.names()) {
    if (name == kSnapshotFileName) {
      scan.has_snapshot_file = true;
    } else if (const auto split = split_revision_file(name)) {
      scan.files_by_id[split->first].insert(split->second);
    } else if (looks_like_revision_file(name)) {
      scan.bad_names.push_back(name);
    }
  }
  std::sort(scan.bad_names.begin(), scan.bad_names.end());
  for (const std::string& name : scan.bad_names)
    scan.problems.push_back(where(dir, name) +
                            ": not a revision file name (expected NNNN_slug.cpp, .up.sql or .down.sql, "
                            "the slug in lowercase [a-z0-9_])");

  std::map<int, std::vector<std::string>> ids_by_number;
  for (const auto& [id, extensions] : scan.files_by_id) {
    ids_by_number[*revision_number(id)].push_back(id);
    for (const std::string_view extension : kExtensions)
      if (!extensions.contains(std::string(extension)))
        scan.problems.push_back(where(dir, id + std::string(extension)) + ": missing (revision " + id +
                                " needs its .cpp, .up.sql and .down.sql)");
    if (!extensions.contains(".cpp")) continue;
    const std::string file = where(dir, revision_source_file(id));
    try {
      RevisionOnDisk revision = parse_revision_source(files.content(revision_source_file(id)), file);
      if (revision.id != id) {
        scan.problems.push_back(file + ": its .id is \"" + revision.id + "\" but its file name says " + id);
      } else {
        scan.parsed.emplace(id, std::move(revision));
      }
    } catch (const std::exception& error) {
      scan.problems.push_back(error.what());
    }
  }
  for (const auto& [number, ids] : ids_by_number)
    if (ids.size() > 1)
      scan.problems.push_back(where(dir, revision_source_file(ids.back())) + ": revision number " +
                              ids.front().substr(0, 4) + " is used twice: " + joined(ids, " and ") +
                              "; renumber one of them");
  order_by_parent_chain(dir, scan);
  return scan;
}

bool is_white_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// `line` as `\s*.NAME\s*=\s*"VALUE"\s*,?\s*` (VALUE without `"` or `\`), the line the template
// writes for a field: {NAME, VALUE}; nullopt for any other line. By hand, in one pass over the
// source: std::regex on every field line of 1000 sources cost more than reading them.
std::optional<std::pair<std::string_view, std::string_view>> field_line(std::string_view line) {
  std::size_t at = 0;
  const auto skip_space = [&] {
    while (at < line.size() && is_white_space(line[at])) ++at;
  };
  skip_space();
  if (at == line.size() || line[at] != '.') return std::nullopt;
  const std::size_t name_start = ++at;
  while (at < line.size() && line[at] != '=' && !is_white_space(line[at])) ++at;
  const std::string_view name = line.substr(name_start, at - name_start);
  skip_space();
  if (name.empty() || at == line.size() || line[at] != '=') return std::nullopt;
  ++at;
  skip_space();
  if (at == line.size() || line[at] != '"') return std::nullopt;
  const std::size_t value_start = ++at;
  while (at < line.size() && line[at] != '"' && line[at] != '\\') ++at;
  if (at == line.size() || line[at] != '"') return std::nullopt;
  const std::string_view value = line.substr(value_start, at - value_start);
  ++at;
  skip_space();
  if (at < line.size() && line[at] == ',') ++at;
  skip_space();
  if (at != line.size()) return std::nullopt;
  return std::pair{name, value};
}

// The fields parse_revision_source reads, each from its one line `.field = "value",`.
constexpr std::string_view kFields[] = {"id", "parent", "snapshot_hash", "created_at", "replaces"};

std::map<std::string_view, std::string> read_fields(std::string_view text, const std::string& file) {
  std::map<std::string_view, std::string> values;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_number;
    if (const auto field = field_line(text.substr(start, end - start))) {
      for (const std::string_view known : kFields) {
        if (field->first != known) continue;
        if (!values.emplace(known, std::string(field->second)).second)
          throw MigrationSetError({file + ":" + std::to_string(line_number) + ": a second `." + std::string(known) +
                                   " = \"...\",` line; a revision source has exactly one"});
      }
    }
    start = end + 1;
  }
  return values;
}

std::string required_field(const std::map<std::string_view, std::string>& values, std::string_view field,
                           const std::string& file) {
  const auto found = values.find(field);
  if (found == values.end())
    throw MigrationSetError({file + ": cannot read the revision's " + std::string(field) +
                             ": expected one line `    ." + std::string(field) + " = \"...\",` as strata-gen writes it"});
  return found->second;
}

// What makes a snapshot one no model could have produced (a hand-edited or forged file): the
// graph rules models obey, and SQL annotations that are not one expression. Next revisions'
// SQL (a downgrade restores the old default or check) is rendered from it.
std::vector<std::string> snapshot_problems(const ModelGraph& snapshot) {
  std::vector<std::string> problems;
  for (const Diagnostic& diagnostic : validate(snapshot, {}, {}))
    if (diagnostic.severity == Diagnostic::Severity::Error) problems.push_back(diagnostic.message);
  const auto check = [&](const std::string& what, const std::string& sql) {
    if (std::optional<std::string> problem = single_expression_problem(sql))
      problems.push_back(what + " is not one SQL expression: " + *problem);
  };
  for (const Schema& schema : snapshot.schemas) {
    for (const Table& table : schema.tables) {
      const std::string table_name = in_quotes(schema.name + "." + table.name);
      for (const Column& column : table.columns) {
        check("the type of column " + in_quotes(column.name) + " of table " + table_name, column.type);
        if (column.default_expr)
          check("the default of column " + in_quotes(column.name) + " of table " + table_name, *column.default_expr);
      }
      for (const CheckConstraint& constraint : table.checks)
        check("check " + in_quotes(constraint.name) + " of table " + table_name, constraint.expression);
    }
  }
  return problems;
}

}  // namespace

std::string revision_source_file(std::string_view id) { return std::string(id) + ".cpp"; }
std::string up_sql_file(std::string_view id) { return std::string(id) + ".up.sql"; }
std::string down_sql_file(std::string_view id) { return std::string(id) + ".down.sql"; }

RevisionOnDisk parse_revision_source(std::string_view text, const std::string& file) {
  const std::map<std::string_view, std::string> values = read_fields(text, file);
  RevisionOnDisk revision;
  revision.id = required_field(values, "id", file);
  revision.parent = required_field(values, "parent", file);
  revision.snapshot_hash = required_field(values, "snapshot_hash", file);
  if (const auto found = values.find("created_at"); found != values.end()) revision.created_at = found->second;
  if (const auto found = values.find("replaces"); found != values.end()) revision.replaces = found->second;
  if (!is_revision_id(revision.id))
    throw MigrationSetError({file + ": .id \"" + revision.id + "\" is not a revision id (NNNN_slug)"});
  if (!revision.parent.empty() && !is_revision_id(revision.parent))
    throw MigrationSetError({file + ": .parent \"" + revision.parent + "\" is not a revision id (NNNN_slug) nor \"\""});
  if (!is_sha256_hex(revision.snapshot_hash))
    throw MigrationSetError(
        {file + ": .snapshot_hash \"" + revision.snapshot_hash + "\" is not a SHA-256 (64 lowercase hex digits)"});
  return revision;
}

std::size_t MigrationSet::index_of(const std::string& id, const std::string& option) const {
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    if (revisions[i].id == id) return i;
    if (revisions[i].id.starts_with(id)) matches.push_back(i);
  }
  if (matches.size() == 1) return matches.front();
  throw MigrationSetError({option + " " + id + ": " + (matches.empty() ? "no revision" : "several revisions") + " of " +
                           dir.string() + " start so"});
}

std::string MigrationSet::head() const { return revisions.empty() ? std::string() : revisions.back().id; }

int MigrationSet::highest_number() const {
  int highest = 0;
  for (const RevisionOnDisk& revision : revisions) highest = std::max(highest, *revision_number(revision.id));
  return highest;
}

MigrationDirectory MigrationDirectory::read(const std::filesystem::path& dir) {
  MigrationDirectory files;
  files.dir_ = dir;
  std::error_code ec;
  files.exists_ = std::filesystem::exists(dir, ec);
  files.is_directory_ = files.exists_ && std::filesystem::is_directory(dir, ec);
  if (!files.is_directory_) return files;
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name != kSnapshotFileName && name != kSumFileName && !split_revision_file(name) &&
        !looks_like_revision_file(name))
      continue;  // README, .gitignore, ...: not the directory's business
    File file;
    try {
      file.content = read_file(entry.path());
    } catch (...) {
      file.read_error = std::current_exception();
    }
    files.files_.emplace(std::move(name), std::move(file));
  }
  return files;
}

std::vector<std::string> MigrationDirectory::names() const {
  std::vector<std::string> names;
  names.reserve(files_.size());
  for (const auto& [name, file] : files_) names.push_back(name);
  return names;
}

const MigrationDirectory::File& MigrationDirectory::file(std::string_view name) const {
  const auto found = files_.find(name);
  if (found == files_.end())
    throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory),
                            "cannot read " + (dir_ / name).string());
  if (found->second.read_error) std::rethrow_exception(found->second.read_error);
  return found->second;
}

const std::string& MigrationDirectory::content(std::string_view name) const { return file(name).content; }

const std::string& MigrationDirectory::sha256(std::string_view name) const {
  const File& found = file(name);
  if (found.sha256.empty()) found.sha256 = sha256_hex(found.content);
  return found.sha256;
}

void MigrationDirectory::put(const std::string& name, std::string content, std::string sha256) {
  exists_ = is_directory_ = true;
  files_.insert_or_assign(name, File{std::move(content), nullptr, std::move(sha256)});
}

void MigrationDirectory::erase(std::string_view name) {
  if (const auto found = files_.find(name); found != files_.end()) files_.erase(found);
}

MigrationSet load_migration_set(const std::filesystem::path& dir) {
  return load_migration_set(MigrationDirectory::read(dir));
}

MigrationSet load_migration_set(const MigrationDirectory& files) {
  const std::filesystem::path& dir = files.path();
  Scan scan = scan_directory(files);
  MigrationSet set;
  set.dir = dir;
  set.has_snapshot_file = scan.has_snapshot_file;
  const std::string snapshot_file = where(dir, kSnapshotFileName);
  if (scan.has_snapshot_file) {
    try {
      set.snapshot = read_snapshot(files.content(kSnapshotFileName));
      for (const std::string& problem : snapshot_problems(set.snapshot))
        scan.problems.push_back(snapshot_file + ": invalid snapshot: " + problem);
      if (!scan.order.empty() && scan.problems.empty()) {
        const RevisionOnDisk& head = scan.parsed.at(scan.order.back());
        if (files.sha256(kSnapshotFileName) != head.snapshot_hash)
          scan.problems.push_back(snapshot_file + ": not the snapshot head revision " + head.id +
                                  " leads to (its .snapshot_hash differs); restore the version committed with " +
                                  revision_source_file(head.id));
      }
    } catch (const SnapshotError& error) {
      scan.problems.push_back(snapshot_file + ": " + error.what());
    } catch (const std::exception& error) {
      scan.problems.push_back(error.what());
    }
  } else if (!scan.files_by_id.empty()) {
    scan.problems.push_back(snapshot_file +
                            ": missing; it is the snapshot at head, restore the version committed "
                            "with the head revision");
  }
  if (!scan.problems.empty()) throw MigrationSetError(std::move(scan.problems));
  for (const std::string& id : scan.order) set.revisions.push_back(scan.parsed.at(id));
  return set;
}

std::vector<std::string> migration_files(const std::filesystem::path& dir) {
  return migration_files(MigrationDirectory::read(dir));
}

std::vector<std::string> migration_files(const MigrationDirectory& files) {
  Scan scan = scan_directory(files);
  std::vector<std::string> ids = scan.order;
  const std::set<std::string> ordered(scan.order.begin(), scan.order.end());
  for (const auto& [id, extensions] : scan.files_by_id)
    if (!ordered.contains(id)) ids.push_back(id);
  std::vector<std::string> names;
  for (const std::string& id : ids)
    for (const std::string_view extension : kExtensions)
      if (scan.files_by_id[id].contains(std::string(extension))) names.push_back(id + std::string(extension));
  names.insert(names.end(), scan.bad_names.begin(), scan.bad_names.end());
  if (scan.has_snapshot_file) names.emplace_back(kSnapshotFileName);
  return names;
}

std::vector<std::string> migration_files(const MigrationSet& set) {
  std::vector<std::string> names;
  names.reserve(set.revisions.size() * 3 + 1);
  for (const RevisionOnDisk& revision : set.revisions)
    for (const std::string_view extension : kExtensions) names.push_back(revision.id + std::string(extension));
  if (set.has_snapshot_file) names.emplace_back(kSnapshotFileName);
  return names;
}

}  // namespace strata

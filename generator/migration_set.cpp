#include "generator/migration_set.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "generator/atomic_file.hpp"
#include "generator/revision_id.hpp"

namespace strata {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

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
  std::map<std::string, std::vector<std::string>> children;  // parent -> ids, sorted
  for (const auto& [id, revision] : scan.parsed) {
    if (revision.parent == id) {
      scan.problems.push_back(where(dir, revision_source_file(id)) + ": the revision is its own parent");
      continue;
    }
    if (!revision.parent.empty() && !scan.files_by_id.contains(revision.parent)) {
      scan.problems.push_back(where(dir, revision_source_file(id)) + ": parent " + revision.parent +
                              " does not exist in " + dir.string());
      continue;
    }
    children[revision.parent].push_back(id);
  }
  bool two_heads = false;
  for (const auto& [parent, ids] : children) {
    if (ids.size() < 2) continue;
    two_heads = true;
    const std::string relation = parent.empty() ? (ids.size() == 2 ? "both have no parent" : "all have no parent")
                                                : (ids.size() == 2 ? "both have parent " : "all have parent ") + parent;
    scan.problems.push_back(where(dir, revision_source_file(ids.back())) + ": two heads: " + join(ids, " and ") + " " +
                            relation +
                            "; merge them (make one the parent of the other: edit its .parent and renumber its "
                            "files after the other's) or renumber, then run `strata-gen hash`");
  }
  // Walk from the first revision while the chain is unambiguous.
  std::set<std::string> visited;
  for (std::string parent; children.contains(parent) && children[parent].size() == 1;) {
    const std::string& id = children[parent].front();
    if (!visited.insert(id).second) break;
    scan.order.push_back(id);
    parent = id;
  }
  const bool other_problems = two_heads || !scan.problems.empty();
  for (const auto& [id, revision] : scan.parsed) {
    if (visited.contains(id)) continue;
    if (!other_problems)
      scan.problems.push_back(where(dir, revision_source_file(id)) + ": not reachable from the first revision (parent " +
                              revision.parent + " leads into a cycle)");
  }
}

Scan scan_directory(const std::filesystem::path& dir) {
  Scan scan;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return scan;
  if (!std::filesystem::is_directory(dir, ec)) {
    scan.problems.push_back(dir.string() + ": not a directory");
    return scan;
  }
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
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
      RevisionOnDisk revision = parse_revision_source(read_file(dir / revision_source_file(id)), file);
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
                              ids.front().substr(0, 4) + " is used twice: " + join(ids, " and ") +
                              "; renumber one of them");
  order_by_parent_chain(dir, scan);
  return scan;
}

// A line `.field = "value",` of the revision source, as the template writes it (whitespace free).
std::optional<std::string> read_field(std::string_view text, const std::string& field, const std::string& file) {
  // Compiled once per field name: building a std::regex costs more than scanning a whole file.
  static thread_local std::map<std::string, std::regex> patterns;
  const std::regex& pattern =
      patterns.try_emplace(field, "^\\s*\\." + field + "\\s*=\\s*\"([^\"\\\\]*)\"\\s*,?\\s*$").first->second;
  std::optional<std::string> value;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_number;
    const std::string line(text.substr(start, end - start));
    // Only a line that starts with `.field` can match: the cheap test spares the regex (slow,
    // recursive) every other line.
    const std::size_t first = line.find_first_not_of(" \t\r\f\v");
    const bool candidate = first != std::string::npos && line.compare(first + 1, field.size(), field) == 0 &&
                           line[first] == '.';
    std::smatch match;
    if (candidate && std::regex_match(line, match, pattern)) {
      if (value)
        throw std::runtime_error(file + ":" + std::to_string(line_number) + ": a second `." + field +
                                 " = \"...\",` line; a revision source has exactly one");
      value = match[1].str();
    }
    start = end + 1;
  }
  return value;
}

std::string required_field(std::string_view text, const std::string& field, const std::string& file) {
  std::optional<std::string> value = read_field(text, field, file);
  if (!value)
    throw std::runtime_error(file + ": cannot read the revision's " + field + ": expected one line `    ." + field +
                             " = \"...\",` as strata-gen writes it");
  return *value;
}

}  // namespace

std::string revision_source_file(std::string_view id) { return std::string(id) + ".cpp"; }
std::string up_sql_file(std::string_view id) { return std::string(id) + ".up.sql"; }
std::string down_sql_file(std::string_view id) { return std::string(id) + ".down.sql"; }

RevisionOnDisk parse_revision_source(std::string_view text, const std::string& file) {
  RevisionOnDisk revision;
  revision.id = required_field(text, "id", file);
  revision.parent = required_field(text, "parent", file);
  revision.snapshot_hash = required_field(text, "snapshot_hash", file);
  if (!is_revision_id(revision.id))
    throw std::runtime_error(file + ": .id \"" + revision.id + "\" is not a revision id (NNNN_slug)");
  if (!revision.parent.empty() && !is_revision_id(revision.parent))
    throw std::runtime_error(file + ": .parent \"" + revision.parent + "\" is not a revision id (NNNN_slug) nor \"\"");
  static const std::regex hex64("[0-9a-f]{64}");
  if (!std::regex_match(revision.snapshot_hash, hex64))
    throw std::runtime_error(file + ": .snapshot_hash \"" + revision.snapshot_hash +
                             "\" is not a SHA-256 (64 lowercase hex digits)");
  return revision;
}

MigrationSetError::MigrationSetError(std::vector<std::string> problems)
    : std::runtime_error(join(problems, "\n")), problems_(std::move(problems)) {}

std::string MigrationSet::head() const { return revisions.empty() ? std::string() : revisions.back().id; }

int MigrationSet::highest_number() const {
  int highest = 0;
  for (const RevisionOnDisk& revision : revisions) highest = std::max(highest, *revision_number(revision.id));
  return highest;
}

MigrationSet load_migration_set(const std::filesystem::path& dir) {
  Scan scan = scan_directory(dir);
  MigrationSet set;
  set.dir = dir;
  set.has_snapshot_file = scan.has_snapshot_file;
  const std::string snapshot_file = where(dir, kSnapshotFileName);
  if (scan.has_snapshot_file) {
    try {
      const std::string text = read_file(dir / kSnapshotFileName);
      set.snapshot = read_snapshot(text);
      if (!scan.order.empty() && scan.problems.empty()) {
        const RevisionOnDisk& head = scan.parsed.at(scan.order.back());
        if (sha256_hex(text) != head.snapshot_hash)
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
    scan.problems.push_back(snapshot_file + ": missing; it is the snapshot at head, restore the version committed "
                                            "with the head revision");
  }
  if (!scan.problems.empty()) throw MigrationSetError(std::move(scan.problems));
  for (const std::string& id : scan.order) set.revisions.push_back(scan.parsed.at(id));
  return set;
}

std::vector<std::string> migration_files(const std::filesystem::path& dir) {
  Scan scan = scan_directory(dir);
  std::vector<std::string> ids = scan.order;
  for (const auto& [id, extensions] : scan.files_by_id)
    if (std::find(scan.order.begin(), scan.order.end(), id) == scan.order.end()) ids.push_back(id);
  std::vector<std::string> files;
  for (const std::string& id : ids)
    for (const std::string_view extension : kExtensions)
      if (scan.files_by_id[id].contains(std::string(extension))) files.push_back(id + std::string(extension));
  files.insert(files.end(), scan.bad_names.begin(), scan.bad_names.end());
  if (scan.has_snapshot_file) files.emplace_back(kSnapshotFileName);
  return files;
}

}  // namespace strata

// A migrations directory as the generator reads it: the revisions in parent-before-child order
// and the snapshot at head.
//
// Files: NNNN_slug.cpp, NNNN_slug.up.sql, NNNN_slug.down.sql per revision, snapshot.json,
// strata.sum (see strata_sum.hpp). A revision's id comes from its file names; its parent and
// snapshot hash are read back from the lines of the .cpp that templates/revision.cpp.mustache
// writes (`.parent = "...",`). Other files (README, .gitignore, ...) are ignored.
#pragma once

#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"
#include "generator/writer/generator_errors.hpp"

namespace strata {

inline constexpr std::string_view kSnapshotFileName = "snapshot.json";

std::string revision_source_file(std::string_view id);  // "0003_x.cpp"
std::string up_sql_file(std::string_view id);           // "0003_x.up.sql"
std::string down_sql_file(std::string_view id);         // "0003_x.down.sql"

// The files of a migrations directory that strata-gen reads, read once: every revision file,
// every name that looks like one, snapshot.json and strata.sum. One run verifies strata.sum,
// loads the chain, embeds the SQL in the registry and, after writing a revision, records the new
// strata.sum from these bytes, instead of reading (and hashing) each file once per step.
class MigrationDirectory {
 public:
  // Reads `dir`; a directory that does not exist reads as empty (first run). A file that cannot be
  // read is reported when its content is asked for, with the std::system_error a direct read
  // would have thrown there.
  static MigrationDirectory read(const std::filesystem::path& dir);

  const std::filesystem::path& path() const { return dir_; }
  bool exists() const { return exists_; }
  bool is_directory() const { return is_directory_; }

  // The names read, in name order.
  std::vector<std::string> names() const;
  bool contains(std::string_view name) const { return files_.contains(name); }
  // The bytes of `name`; throws std::system_error when it could not be read or is not in the
  // directory.
  const std::string& content(std::string_view name) const;
  // Hex SHA-256 of content(name), computed on first use.
  const std::string& sha256(std::string_view name) const;

  // The directory as a write leaves it: `name` now holds `content`; `sha256`, when not empty, is
  // its hash, already known to the writer.
  void put(const std::string& name, std::string content, std::string sha256 = {});
  // The directory without `name` (a write removed it).
  void erase(std::string_view name);

 private:
  struct File {
    std::string content;
    std::exception_ptr read_error;
    mutable std::string sha256;  // "" until asked for
  };
  const File& file(std::string_view name) const;

  std::filesystem::path dir_;
  bool exists_ = false;
  bool is_directory_ = false;
  std::map<std::string, File, std::less<>> files_;
};

// What the generator needs of a revision on disk (the migrator gets the rest compiled in).
struct RevisionOnDisk {
  std::string id;
  std::string parent;         // "" for the first revision
  std::string snapshot_hash;  // hex SHA-256 of the snapshot the revision leads to
  std::string created_at = {};  // as written, "" when the source has no such line
  std::string replaces = {};    // RevisionInfo::replaces, "" when the source has no such line
  bool operator==(const RevisionOnDisk&) const = default;
};

// The fields read back from a revision's .cpp. Throws MigrationSetError saying which line is
// missing, repeated or malformed; `file` names the source in that message.
RevisionOnDisk parse_revision_source(std::string_view text, const std::string& file);

struct MigrationSet {
  std::filesystem::path dir;
  std::vector<RevisionOnDisk> revisions;  // parent before child
  ModelGraph snapshot;                    // snapshot.json; the empty graph before the first revision
  bool has_snapshot_file = false;

  // The last revision's id, "" when there is none.
  std::string head() const;
  // The highest sequence number in use, 0 when there is none.
  int highest_number() const;
  // The index of the revision `id` names: an id or a unique prefix of one ("0042"). Throws
  // MigrationSetError naming `option` (the command-line option or argument that gave it).
  std::size_t index_of(const std::string& id, const std::string& option) const;
};

// Loads a migrations directory; a missing directory is an empty set (first run). Throws
// MigrationSetError listing every problem: a file name that is not NNNN_slug.{cpp,up.sql,down.sql},
// a revision missing one of its three files, a .cpp whose id/parent/snapshot hash cannot be
// read, two revisions with one number, a missing parent, several heads, a cycle, a missing or
// unreadable snapshot.json, a snapshot.json that is not the snapshot the head revision leads to.
MigrationSet load_migration_set(const std::filesystem::path& dir);
MigrationSet load_migration_set(const MigrationDirectory& files);

// The files strata.sum covers, as names relative to `dir`, in its order: each revision's .cpp,
// .up.sql, .down.sql in parent-before-child order, then snapshot.json. Works on a broken set too
// (what cannot be ordered by the chain follows in name order), so that strata.sum problems can be
// reported beside the load errors.
std::vector<std::string> migration_files(const std::filesystem::path& dir);
std::vector<std::string> migration_files(const MigrationDirectory& files);
// The same list for a set that loaded (load_migration_set found no problem), from its chain
// instead of a scan of the directory.
std::vector<std::string> migration_files(const MigrationSet& set);

}  // namespace strata

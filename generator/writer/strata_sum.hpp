// migrations/strata.sum: the integrity file of a migrations directory, in the manner of Atlas's
// atlas.sum. Format (text, "\n" line ends):
//
//   total sha256:<hex>                       running hash over the lines below, in their order
//   0001_initial.cpp sha256:<hex>            one line per file migration_files() lists: each
//   0001_initial.up.sql sha256:<hex>         revision's .cpp, .up.sql, .down.sql, parent before
//   0001_initial.down.sql sha256:<hex>       child, then snapshot.json; <hex> is the SHA-256 of
//   snapshot.json sha256:<hex>               the file's bytes
//
// total = SHA-256 of the file lines joined, each with its "\n". Besides catching an edit of
// strata.sum itself, the total makes two branches that each add a revision conflict on the first
// line when merged, so the merge cannot go unnoticed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/writer/migration_set.hpp"

namespace strata {

inline constexpr std::string_view kSumFileName = "strata.sum";

struct SumEntry {
  std::string file;    // relative to the migrations directory
  std::string sha256;  // 64 lowercase hex digits
  bool operator==(const SumEntry&) const = default;
};

// One thing verification found. `file` is relative to the migrations directory ("strata.sum"
// for problems of the sum file itself); `what` starts with the kind: "edited", "removed",
// "added", "reordered", or for strata.sum "missing", "malformed ...", "total does not match ...".
struct SumProblem {
  std::string file;
  std::string what;
  bool operator==(const SumProblem&) const = default;
};

std::string to_string(const SumProblem& problem);

// 64 lowercase hex digits, as strata.sum and revision sources write a SHA-256.
bool is_sha256_hex(std::string_view text);  // "0002_x.up.sql: edited"

// The entries of `files` (names relative to `dir`), in that order.
std::vector<SumEntry> hash_files(const std::filesystem::path& dir, const std::vector<std::string>& files);

// The entries of `names` (files of `files`), in that order; hashes computed once per file.
std::vector<SumEntry> hash_files(const MigrationDirectory& files, const std::vector<std::string>& names);

// The entries of the directory's migration_files(), in their order.
std::vector<SumEntry> hash_migration_files(const std::filesystem::path& dir);
std::vector<SumEntry> hash_migration_files(const MigrationDirectory& files);

// Every well-formed file line of a strata.sum text, in its order, whatever else it holds (after a
// version-control merge: both sides' lines, conflict markers, two totals).
std::vector<SumEntry> recorded_entries(std::string_view sum_text);

// The text of strata.sum for these entries.
std::string render_sum(const std::vector<SumEntry>& entries);

// Compares a strata.sum text with the directory's current entries: every file edited, removed,
// added or reordered since strata.sum was written, and a total that does not match its lines.
// Empty when they agree.
std::vector<SumProblem> compare_sum(std::string_view sum_text, const std::vector<SumEntry>& current);

// compare_sum of the directory's strata.sum against its files. A directory with no revision
// files and no strata.sum (first run) has no problems; files without a strata.sum report it
// "missing".
std::vector<SumProblem> verify_sum(const std::filesystem::path& dir);
std::vector<SumProblem> verify_sum(const MigrationDirectory& files);
// verify_sum for a set that loaded: `names` = migration_files(set), the same list without
// parsing every revision source a second time.
std::vector<SumProblem> verify_sum(const MigrationDirectory& files, const std::vector<std::string>& names);

// verify_sum's problems as the tools report them, "<dir>/<file>: <what>".
std::vector<std::string> sum_problem_lines(const MigrationDirectory& files);
std::vector<std::string> sum_problem_lines(const MigrationDirectory& files, const std::vector<std::string>& names);

// A directory as a run starts from it: loaded (load_migration_set) and checked against strata.sum,
// parsing each revision source once. `set` is empty when it did not load.
struct CheckedMigrationSet {
  std::optional<MigrationSet> set;
  std::vector<std::string> sum_problems;   // sum_problem_lines
  std::vector<std::string> load_problems;  // MigrationSetError::problems() of the load
};
CheckedMigrationSet load_and_check_sum(const MigrationDirectory& files);

}  // namespace strata

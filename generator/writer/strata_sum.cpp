#include "generator/writer/strata_sum.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/sha256.hpp"
#include "core/split.hpp"
#include "generator/writer/atomic_file.hpp"
#include "generator/writer/migration_set.hpp"

namespace strata {
namespace {

constexpr std::string_view kHashPrefix = "sha256:";

std::string entry_line(const SumEntry& entry) { return entry.file + " " + std::string(kHashPrefix) + entry.sha256; }

std::string total_of(const std::vector<SumEntry>& entries) {
  std::string lines;
  for (const SumEntry& entry : entries) lines += entry_line(entry) + "\n";
  return sha256_hex(lines);
}

struct ParsedSum {
  std::optional<std::string> total;
  std::vector<SumEntry> entries;
  std::vector<SumProblem> problems;
};

// "<file> sha256:<64 hex>" (the file without spaces): {file, hex}; nullopt for anything else.
// By hand rather than std::regex: a 1000-revision strata.sum has 3000 lines.
std::optional<SumEntry> parse_file_line(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  const std::string_view hash = line.substr(space + 1);
  if (!hash.starts_with(kHashPrefix) || !is_sha256_hex(hash.substr(kHashPrefix.size()))) return std::nullopt;
  return SumEntry{std::string(line.substr(0, space)), std::string(hash.substr(kHashPrefix.size()))};
}

ParsedSum parse_sum(std::string_view text) {
  constexpr std::string_view kTotalPrefix = "total sha256:";
  ParsedSum parsed;
  std::set<std::string> seen;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line_number == 1) {
      if (line.starts_with(kTotalPrefix) && is_sha256_hex(line.substr(kTotalPrefix.size()))) {
        parsed.total = std::string(line.substr(kTotalPrefix.size()));
      } else {
        parsed.problems.push_back(
            {std::string(kSumFileName), "malformed line 1: expected `total sha256:<64 hex digits>`"});
      }
    } else if (std::optional<SumEntry> entry = parse_file_line(line)) {
      if (!seen.insert(entry->file).second) {
        parsed.problems.push_back({std::string(kSumFileName), "malformed line " + std::to_string(line_number) +
                                                                  ": lists " + entry->file + " twice"});
      } else {
        parsed.entries.push_back(std::move(*entry));
      }
    } else {
      parsed.problems.push_back({std::string(kSumFileName), "malformed line " + std::to_string(line_number) +
                                                                ": expected `<file> sha256:<64 hex digits>`"});
    }
  }
  if (line_number == 0) parsed.problems.push_back({std::string(kSumFileName), "malformed: the file is empty"});
  return parsed;
}

// The common files whose place among the common files differs between the two orders.
std::vector<std::string> reordered_files(const std::vector<SumEntry>& recorded, const std::vector<SumEntry>& current) {
  std::set<std::string> recorded_names;
  std::set<std::string> current_names;
  for (const SumEntry& entry : recorded) recorded_names.insert(entry.file);
  for (const SumEntry& entry : current) current_names.insert(entry.file);
  std::vector<std::string> recorded_order;
  std::vector<std::string> current_order;
  for (const SumEntry& entry : recorded)
    if (current_names.contains(entry.file)) recorded_order.push_back(entry.file);
  for (const SumEntry& entry : current)
    if (recorded_names.contains(entry.file)) current_order.push_back(entry.file);
  std::vector<std::string> moved;
  for (std::size_t i = 0; i < current_order.size(); ++i)
    if (current_order[i] != recorded_order[i]) moved.push_back(current_order[i]);
  return moved;
}

}  // namespace

std::vector<SumEntry> recorded_entries(std::string_view sum_text) {
  std::vector<SumEntry> entries;
  for (std::string_view line : split_nonempty(sum_text, '\n'))
    if (std::optional<SumEntry> entry = parse_file_line(line)) entries.push_back(std::move(*entry));
  return entries;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string to_string(const SumProblem& problem) { return problem.file + ": " + problem.what; }

std::vector<SumEntry> hash_files(const std::filesystem::path& dir, const std::vector<std::string>& files) {
  std::vector<SumEntry> entries;
  entries.reserve(files.size());
  for (const std::string& file : files) entries.push_back({file, sha256_hex(read_file(dir / file))});
  return entries;
}

std::vector<SumEntry> hash_migration_files(const std::filesystem::path& dir) {
  return hash_migration_files(MigrationDirectory::read(dir));
}

std::vector<SumEntry> hash_files(const MigrationDirectory& files, const std::vector<std::string>& names) {
  std::vector<SumEntry> entries;
  entries.reserve(names.size());
  for (const std::string& name : names) entries.push_back({name, files.sha256(name)});
  return entries;
}

std::vector<SumEntry> hash_migration_files(const MigrationDirectory& files) {
  return hash_files(files, migration_files(files));
}

std::string render_sum(const std::vector<SumEntry>& entries) {
  std::string text = "total " + std::string(kHashPrefix) + total_of(entries) + "\n";
  for (const SumEntry& entry : entries) text += entry_line(entry) + "\n";
  return text;
}

std::vector<SumProblem> compare_sum(std::string_view sum_text, const std::vector<SumEntry>& current) {
  // The usual case, a directory as its strata.sum records it, is the text render_sum writes for
  // it, byte for byte: no line to look up in sets of 3000 names.
  if (sum_text == render_sum(current)) return {};
  ParsedSum parsed = parse_sum(sum_text);
  std::vector<SumProblem> problems = std::move(parsed.problems);
  if (parsed.total && *parsed.total != total_of(parsed.entries))
    problems.push_back({std::string(kSumFileName),
                        "total does not match its lines (strata.sum was edited, or merged from two branches)"});

  std::map<std::string, std::string> recorded;
  for (const SumEntry& entry : parsed.entries) recorded.emplace(entry.file, entry.sha256);
  std::set<std::string> present;
  for (const SumEntry& entry : current) {
    present.insert(entry.file);
    const auto it = recorded.find(entry.file);
    if (it == recorded.end()) {
      problems.push_back({entry.file, "added"});
    } else if (it->second != entry.sha256) {
      problems.push_back({entry.file, "edited"});
    }
  }
  for (const SumEntry& entry : parsed.entries)
    if (!present.contains(entry.file)) problems.push_back({entry.file, "removed"});
  for (std::string& file : reordered_files(parsed.entries, current)) problems.push_back({std::move(file), "reordered"});
  return problems;
}

std::vector<SumProblem> verify_sum(const std::filesystem::path& dir) {
  return verify_sum(MigrationDirectory::read(dir));
}

std::vector<SumProblem> verify_sum(const MigrationDirectory& files) { return verify_sum(files, migration_files(files)); }

std::vector<SumProblem> verify_sum(const MigrationDirectory& files, const std::vector<std::string>& names) {
  const std::vector<SumEntry> current = hash_files(files, names);
  if (!files.contains(kSumFileName)) {
    if (current.empty()) return {};
    return {{std::string(kSumFileName), "missing (run `strata-gen hash` to record the directory as it is)"}};
  }
  return compare_sum(files.content(kSumFileName), current);
}

std::vector<std::string> sum_problem_lines(const MigrationDirectory& files) {
  return sum_problem_lines(files, migration_files(files));
}

std::vector<std::string> sum_problem_lines(const MigrationDirectory& files, const std::vector<std::string>& names) {
  std::vector<std::string> lines;
  for (const SumProblem& problem : verify_sum(files, names))
    lines.push_back((files.path() / problem.file).string() + ": " + problem.what);
  return lines;
}

CheckedMigrationSet load_and_check_sum(const MigrationDirectory& files) {
  CheckedMigrationSet checked;
  try {
    checked.set = load_migration_set(files);
  } catch (const MigrationSetError& error) {
    checked.load_problems = error.problems();
  }
  // A set that loaded lists its files from its chain, without parsing every source again.
  checked.sum_problems =
      checked.set ? sum_problem_lines(files, migration_files(*checked.set)) : sum_problem_lines(files);
  return checked;
}

}  // namespace strata

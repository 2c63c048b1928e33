#include "generator/strata_sum.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "core/sha256.hpp"
#include "generator/atomic_file.hpp"
#include "generator/migration_set.hpp"

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

ParsedSum parse_sum(std::string_view text) {
  static const std::regex total_line("total sha256:([0-9a-f]{64})");
  static const std::regex file_line("([^ ]+) sha256:([0-9a-f]{64})");
  ParsedSum parsed;
  std::set<std::string> seen;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    std::smatch match;
    if (line_number == 1) {
      if (std::regex_match(line, match, total_line)) {
        parsed.total = match[1].str();
      } else {
        parsed.problems.push_back({std::string(kSumFileName), "malformed line 1: expected `total sha256:<64 hex digits>`"});
      }
    } else if (std::regex_match(line, match, file_line)) {
      if (!seen.insert(match[1].str()).second) {
        parsed.problems.push_back(
            {std::string(kSumFileName), "malformed line " + std::to_string(line_number) + ": lists " + match[1].str() + " twice"});
      } else {
        parsed.entries.push_back({match[1].str(), match[2].str()});
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

std::string to_string(const SumProblem& problem) { return problem.file + ": " + problem.what; }

std::vector<SumEntry> hash_files(const std::filesystem::path& dir, const std::vector<std::string>& files) {
  std::vector<SumEntry> entries;
  entries.reserve(files.size());
  for (const std::string& file : files) entries.push_back({file, sha256_hex(read_file(dir / file))});
  return entries;
}

std::vector<SumEntry> hash_migration_files(const std::filesystem::path& dir) { return hash_files(dir, migration_files(dir)); }

std::string render_sum(const std::vector<SumEntry>& entries) {
  std::string text = "total " + std::string(kHashPrefix) + total_of(entries) + "\n";
  for (const SumEntry& entry : entries) text += entry_line(entry) + "\n";
  return text;
}

std::vector<SumProblem> compare_sum(std::string_view sum_text, const std::vector<SumEntry>& current) {
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
  const std::vector<SumEntry> current = hash_migration_files(dir);
  const std::optional<std::string> sum_text = read_file_if_exists(dir / kSumFileName);
  if (!sum_text) {
    if (current.empty()) return {};
    return {{std::string(kSumFileName), "missing (run `strata-gen hash` to record the directory as it is)"}};
  }
  return compare_sum(*sum_text, current);
}

}  // namespace strata

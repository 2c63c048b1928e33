// Objects the models do not own: `migrator check --ignore PATTERN` and the UNMANAGED patterns of
// strata_add_migrations. A pattern is a glob on "schema.name" ('*' any run of characters, '?' one
// character, everything else literal), e.g. public.legacy_* or *.ix_manual_?. It matches tables
// and enums by their name, views and functions by theirs, and a table's indexes, constraints,
// policies and triggers by theirs (in the table's schema; a matched table takes its triggers). What matches is neither reported nor dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

// Whether `text` matches the glob `pattern` (whole text).
bool glob_matches(std::string_view pattern, std::string_view text);

// Why `pattern` cannot name objects ("has no '.' between schema and name"), or nullopt.
std::optional<std::string> unmanaged_pattern_problem(std::string_view pattern);

class UnmanagedPatterns {
 public:
  UnmanagedPatterns() = default;
  explicit UnmanagedPatterns(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}

  bool empty() const { return patterns_.empty(); }
  bool matches(const std::string& schema, const std::string& name) const;
  // `graph` without the tables, enums, indexes, uniques, checks, foreign keys and policies that
  // a pattern matches.
  ModelGraph without_matches(const ModelGraph& graph) const;

 private:
  std::vector<std::string> patterns_;
};

}  // namespace strata

#include "core/unmanaged_patterns.hpp"

#include <algorithm>

namespace strata {

bool glob_matches(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point (the last '*'): linear for these short names,
  // never exponential whatever the pattern.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<std::string> unmanaged_pattern_problem(std::string_view pattern) {
  if (pattern.find('.') == std::string_view::npos)
    return "pattern \"" + std::string(pattern) + "\" has no '.' between schema and name (e.g. public.legacy_*)";
  return std::nullopt;
}

bool UnmanagedPatterns::matches(const std::string& schema, const std::string& name) const {
  const std::string qualified_name = qualified(schema, name);
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [&](const std::string& pattern) { return glob_matches(pattern, qualified_name); });
}

ModelGraph UnmanagedPatterns::without_matches(const ModelGraph& graph) const {
  if (empty()) return graph;
  ModelGraph kept = graph;
  for (Schema& schema : kept.schemas) {
    auto drop_matching = [&](auto& items) {
      items.erase(std::remove_if(items.begin(), items.end(),
                                 [&](const auto& item) { return matches(schema.name, item.name); }),
                  items.end());
    };
    drop_matching(schema.tables);
    drop_matching(schema.enums);
    drop_matching(schema.sql_objects);  // a trigger by its name, like an index
    std::erase_if(schema.sql_objects, [&](const SqlObject& o) {
      return o.kind == SqlObjectKind::Trigger && matches(schema.name, o.table);  // on an unmanaged table
    });
    for (Table& table : schema.tables) {
      drop_matching(table.indexes);
      drop_matching(table.uniques);
      drop_matching(table.checks);
      drop_matching(table.foreign_keys);
      drop_matching(table.policies);
    }
  }
  return kept;
}

}  // namespace strata

// `text` cut at each `separator`, empty parts left out: the inverse of joined() for lists kept in
// one string (the registry's UNMANAGED lines, a revision's `replaces` ids, strata.sum's lines).
#pragma once

#include <string_view>
#include <vector>

namespace strata {

inline std::vector<std::string_view> split_nonempty(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const std::size_t end = text.find(separator);
    if (end != 0) parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return parts;
}

}  // namespace strata

// `parts` with `separator` between them: the one spelling of a list in messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata {

inline std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace strata

// Column lists that name the same columns in any order (a key over (a, b) is one over (b, a)).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace strata {

inline bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace strata

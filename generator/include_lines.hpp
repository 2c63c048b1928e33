// The #include lines of a C++ source, read line by line (no preprocessor): what the prelude
// hoists (prelude_cache.hpp) and which headers another one includes (scan_cache.hpp).
#pragma once

#include <string_view>
#include <vector>

namespace strata {

struct IncludeLine {
  std::string_view directive;  // "include", "include_next"
  std::string_view target;     // between the quotes or angle brackets; empty: a macro, or unclosed
  bool angled = false;         // <target>, not "target"
};

// Every line that starts (after blanks) with '#', blanks, and a directive beginning "include",
// in order; lines are taken as written, so a conditional or commented-out block counts too.
std::vector<IncludeLine> include_lines(std::string_view source);

}  // namespace strata

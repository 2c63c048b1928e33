// A name as messages show it: 'name'.
#pragma once

#include <string>
#include <string_view>

namespace strata {

inline std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace strata

// C++ identifiers for SQL names, for the model headers `strata-gen import` writes.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace strata {

// Whether `word` is a C++20 keyword or alternative token (`new`, `delete`, `and`, `public`, ...).
bool is_cpp_keyword(std::string_view word);

// `name` when it is a usable identifier; otherwise every byte that cannot be in one (ASCII letters,
// digits, '_') replaced by '_', `prefix` put in front when that starts with a digit or is
// reserved (a leading "__" or "_X"), and '_' appended to a keyword. Never empty.
std::string cpp_identifier(std::string_view name, std::string_view prefix);

// "user_status" -> "UserStatus": the identifier of an enum type (cpp_identifier's rules after).
std::string cpp_type_identifier(std::string_view name);

// `identifier`, or `identifier` + "_2", "_3", ... ("2", "3", ... after a trailing '_'): the first not
// in `taken`, which it joins.
std::string unique_identifier(const std::string& identifier, std::set<std::string>& taken);

}  // namespace strata

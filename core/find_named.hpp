// The item of a model list (tables, columns, constraints, ...) with a given name.
#pragma once

#include <algorithm>
#include <string>

namespace strata {

// A pointer to the first item of `items` whose .name is `name`, or nullptr; const follows `items`.
template <typename Items>
auto find_named(Items& items, const std::string& name) -> decltype(&*items.begin()) {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace strata

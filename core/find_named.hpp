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

// For a list in name order (schemas, tables): where the item named `name` is, or would go.
template <typename Items>
auto lower_bound_named(Items& items, const std::string& name) {
  return std::lower_bound(items.begin(), items.end(), name,
                          [](const auto& item, const std::string& n) { return item.name < n; });
}

// Whether `item` is absent from `target_items` by name, or defined differently there: what a
// diff drops and adds again.
template <typename T, typename Items>
bool named_changes(const Items& target_items, const T& item) {
  const T* theirs = find_named(target_items, item.name);
  return !theirs || !(*theirs == item);
}

}  // namespace strata

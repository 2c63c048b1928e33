// A table by (schema, name): how the phases of diff() name tables to each other.
#pragma once

#include <string>
#include <utility>

namespace strata {

using TableKey = std::pair<std::string, std::string>;  // schema, table

}  // namespace strata

#include "generator/writer/generator_errors.hpp"

#include <utility>

#include "core/joined.hpp"

namespace strata {

ProblemsError::ProblemsError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems, "\n")), problems_(std::move(problems)) {}

}  // namespace strata

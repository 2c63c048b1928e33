// A located problem in the models, reported the way a compiler reports it.
#pragma once

#include <string>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

struct Diagnostic {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  SourceLocation location;  // empty file: no location (printed as "strata-gen: error: ...")
  std::string message;
  bool operator==(const Diagnostic&) const = default;
};

// "file:line:col".
std::string describe(const SourceLocation& location);

// "file:line:col: error: message" (or "warning: ...").
std::string format(const Diagnostic& diagnostic);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace strata

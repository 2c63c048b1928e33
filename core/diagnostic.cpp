#include "core/diagnostic.hpp"

#include <algorithm>

namespace strata {

std::string describe(const SourceLocation& location) {
  return location.file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
}

std::string format(const Diagnostic& d) {
  std::string out;
  if (!d.location.file.empty()) {
    out = describe(d.location) + ": ";
  } else {
    out = "strata-gen: ";
  }
  out += d.severity == Diagnostic::Severity::Error ? "error: " : "warning: ";
  out += d.message;
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
}

}  // namespace strata

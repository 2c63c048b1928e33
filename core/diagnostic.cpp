#include "core/diagnostic.hpp"

#include <algorithm>

namespace strata {

std::string format(const Diagnostic& d) {
  std::string out;
  if (!d.location.file.empty()) {
    out = d.location.file + ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": ";
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

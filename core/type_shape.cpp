#include "core/type_shape.hpp"

#include <exception>
#include <utility>

namespace strata {
namespace {

std::optional<std::pair<int, int>> parse_modifiers(const std::string& type, const std::string& prefix) {
  if (type.compare(0, prefix.size() + 1, prefix + "(") != 0 || type.back() != ')') return std::nullopt;
  const std::string inner = type.substr(prefix.size() + 1, type.size() - prefix.size() - 2);
  try {
    const auto comma = inner.find(',');
    if (comma == std::string::npos) return std::make_pair(std::stoi(inner), 0);
    return std::make_pair(std::stoi(inner.substr(0, comma)), std::stoi(inner.substr(comma + 1)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::size_t array_depth(const std::string& t) {
  std::size_t d = 0;
  while (t.size() >= 2 * (d + 1) && t.compare(t.size() - 2 * (d + 1), 2, "[]") == 0) ++d;
  return d;
}

}  // namespace

TypeShape shape_of(const std::string& type) {
  TypeShape s;
  using F = TypeShape::Family;
  if (type == "text" || type == "character varying") {
    s.family = F::Text;
  } else if (auto m = parse_modifiers(type, "character varying")) {
    s.family = F::Text;
    s.length = m->first;
  } else if (type == "smallint" || type == "integer" || type == "bigint") {
    s.family = F::Integer;
    s.rank = type == "smallint" ? 1 : type == "integer" ? 2 : 3;
  } else if (type == "real" || type == "double precision") {
    s.family = F::Float;
    s.rank = type == "real" ? 1 : 2;
  } else if (type == "numeric") {
    s.family = F::Numeric;
  } else if (auto n = parse_modifiers(type, "numeric")) {
    s.family = F::Numeric;
    s.precision = n->first;
    s.scale = n->second;
  } else if (!type.empty() && type.front() == '"') {
    s.family = F::Enum;
  }
  return s;
}

bool strip_arrays(std::string& a, std::string& b, std::size_t* depth) {
  const std::size_t da = array_depth(a);
  if (da != array_depth(b)) return false;
  a.resize(a.size() - 2 * da);
  b.resize(b.size() - 2 * da);
  if (depth) *depth = da;
  return true;
}

}  // namespace strata

#include "generator/writer/cpp_identifier.hpp"

#include <cctype>

namespace strata {
namespace {

// C++20's keywords and alternative tokens ([lex.key], [lex.digraph]).
const std::set<std::string_view> kKeywords = {
    "alignas",     "alignof",   "and",        "and_eq",    "asm",      "auto",         "bitand",
    "bitor",       "bool",      "break",      "case",      "catch",    "char",         "char8_t",
    "char16_t",    "char32_t",  "class",      "compl",     "concept",  "const",        "consteval",
    "constexpr",   "constinit", "const_cast", "continue",  "co_await", "co_return",    "co_yield",
    "decltype",    "default",   "delete",     "do",        "double",   "dynamic_cast", "else",
    "enum",        "explicit",  "export",     "extern",    "false",    "float",        "for",
    "friend",      "goto",      "if",         "inline",    "int",      "long",         "mutable",
    "namespace",   "new",       "noexcept",   "not",       "not_eq",   "nullptr",      "operator",
    "or",          "or_eq",     "private",    "protected", "public",   "register",     "reinterpret_cast",
    "requires",    "return",    "short",      "signed",    "sizeof",   "static",       "static_assert",
    "static_cast", "struct",    "switch",     "template",  "this",     "thread_local", "throw",
    "true",        "try",       "typedef",    "typeid",    "typename", "union",        "unsigned",
    "using",       "virtual",   "void",       "volatile",  "wchar_t",  "while",        "xor",
    "xor_eq"};

// Identifiers with a special meaning in some places, and std: a model header's names avoid them too.
const std::set<std::string_view> kAvoidedInModels = {"final", "override", "import", "module", "std"};

bool is_identifier_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

}  // namespace

bool is_cpp_keyword(std::string_view word) { return kKeywords.count(word) != 0; }

std::string cpp_identifier(std::string_view name, std::string_view prefix) {
  std::string out;
  for (const char c : name) out += is_identifier_byte(c) && static_cast<unsigned char>(c) < 0x80 ? c : '_';
  const bool reserved = out.starts_with("__") || (out.size() > 1 && out[0] == '_' && std::isupper(out[1]));
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) || reserved) out = std::string(prefix) + out;
  if (is_cpp_keyword(out) || kAvoidedInModels.count(out) != 0) out += '_';
  return out;
}

std::string cpp_type_identifier(std::string_view name) {
  std::string camel;
  bool upper = true;
  for (const char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    camel += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return cpp_identifier(camel, "E");
}

std::string unique_identifier(const std::string& identifier, std::set<std::string>& taken) {
  std::string candidate = identifier;
  const std::string stem = identifier.ends_with('_') ? identifier : identifier + "_";
  for (int n = 2; taken.count(candidate) != 0; ++n) candidate = stem + std::to_string(n);
  taken.insert(candidate);
  return candidate;
}

}  // namespace strata

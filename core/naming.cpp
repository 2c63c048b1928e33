#include "core/naming.hpp"

#include <array>

namespace strata {
namespace {

constexpr std::size_t kKeptPrefixBytes = 54;  // 54 + "_" + 8 hex digits = 63

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '_';
    out += part;
  }
  return shorten_identifier(out);
}

}  // namespace

std::uint32_t fnv1a_32(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back off continuation bytes (10xxxxxx) so the character text[end] belongs to is not cut.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
  return text.substr(0, end);
}

std::string shorten_identifier(std::string_view name) {
  if (name.size() <= kMaxIdentifierBytes) return std::string(name);
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::uint32_t hash = fnv1a_32(name);
  std::string out(utf8_prefix(name, kKeptPrefixBytes));
  out += '_';
  for (int shift = 28; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xFu];
  return out;
}

std::string primary_key_name(std::string_view table) { return join({"pk", table}); }
std::string foreign_key_name(std::string_view table, std::string_view column, std::string_view ref_table) {
  return join({"fk", table, column, ref_table});
}
std::string unique_constraint_name(std::string_view table, std::string_view column) {
  return join({"uq", table, column});
}
std::string index_name(std::string_view table, std::string_view column) { return join({"ix", table, column}); }
std::string check_constraint_name(std::string_view table, std::string_view column) {
  return join({"ck", table, column});
}

}  // namespace strata

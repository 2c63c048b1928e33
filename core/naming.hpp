// The naming convention for constraints and indexes the user did not name (DESIGN.md):
// pk_<table>, fk_<table>_<col>_<reftable>, uq_<table>_<col>, ix_<table>_<col>, ck_<table>_<col>.
// PostgreSQL silently truncates identifiers past 63 bytes, which would make two long generated
// names collide and break the diff; a long generated name is therefore shortened deterministically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata {

// PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// FNV-1a, 32 bit, over the bytes of `text`.
std::uint32_t fnv1a_32(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// `name` itself when it fits in 63 bytes; otherwise its first 54 bytes (fewer when the 54th
// byte is inside a UTF-8 character: the character is left out whole), "_", and the 8 lowercase
// hex digits of fnv1a_32(name) (63 bytes or up to 3 fewer).
std::string shorten_identifier(std::string_view name);

std::string primary_key_name(std::string_view table);
std::string foreign_key_name(std::string_view table, std::string_view column, std::string_view ref_table);
std::string unique_constraint_name(std::string_view table, std::string_view column);
std::string index_name(std::string_view table, std::string_view column);
std::string check_constraint_name(std::string_view table, std::string_view column);

}  // namespace strata

// C++ member type -> PostgreSQL column type (DESIGN.md, "Type mapping"), decided on canonical
// types so aliases (int64_t, std::uint8_t, system_clock::time_point) map like what they name.
#pragma once

#include <clang-c/Index.h>

#include <functional>
#include <optional>
#include <string>

namespace strata {

struct MappedType {
  std::string sql_type;    // canonical spelling; empty when `error` is set
  bool nullable = false;   // std::optional<T>
  bool is_string = false;  // std::string (or std::optional<std::string>): STRATA_LENGTH applies
  std::string error;       // why there is no mapping, to follow "member 'x' " in a message
};

// The SQL type of a STRATA_ENUM enum declaration, nullopt for any other enum.
using EnumResolver = std::function<std::optional<std::string>(CXCursor enum_declaration)>;

MappedType map_type(CXType type, const EnumResolver& enums);

// T for std::optional<T> (possibly behind aliases), else nullopt. STRATA_TYPE members still get
// their nullability from it.
std::optional<CXType> optional_value_type(CXType type);

// "std::chrono::time_point" for a declaration, inline namespaces (std::__cxx11) left out.
std::string qualified_name(CXCursor declaration);

}  // namespace strata

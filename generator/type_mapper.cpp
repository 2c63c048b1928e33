#include "generator/type_mapper.hpp"

#include "core/sql_type.hpp"
#include "generator/clang_handles.hpp"

namespace strata {
namespace {

constexpr const char* kSuggestion = "; give it an explicit STRATA_TYPE(\"...\")";

std::string spelling(CXType type) { return "'" + clang::take(clang_getTypeSpelling(type)) + "'"; }

// The class template a record type instantiates ("std::vector"), or the record's own name.
std::string template_name(CXType canonical) {
  CXCursor declaration = clang_getTypeDeclaration(canonical);
  CXCursor templ = clang_getSpecializedCursorTemplate(declaration);
  return qualified_name(clang_Cursor_isNull(templ) ? declaration : templ);
}

std::optional<CXType> template_argument(CXType type, unsigned index) {
  int count = clang_Type_getNumTemplateArguments(type);
  if (count < 0 || static_cast<unsigned>(count) <= index) return std::nullopt;
  CXType argument = clang_Type_getTemplateArgumentAsType(type, index);
  if (argument.kind == CXType_Invalid) return std::nullopt;
  return argument;
}

MappedType failure(std::string error) {
  MappedType mapped;
  mapped.error = std::move(error);
  return mapped;
}

MappedType success(std::string sql_type, bool is_string = false) {
  MappedType mapped;
  mapped.sql_type = std::move(sql_type);
  mapped.is_string = is_string;
  return mapped;
}

bool is_byte(CXType canonical) {
  if (canonical.kind == CXType_UChar || canonical.kind == CXType_Char_U) return true;
  return canonical.kind == CXType_Enum && qualified_name(clang_getTypeDeclaration(canonical)) == "std::byte";
}

MappedType map_scalar(CXType type, const EnumResolver& enums);

MappedType map_vector(CXType type, const EnumResolver& enums) {
  std::optional<CXType> element = template_argument(type, 0);
  if (!element) return failure("has type " + spelling(type) + ", which has no SQL mapping" + kSuggestion);
  CXType canonical = clang_getCanonicalType(*element);
  if (is_byte(canonical)) return success("bytea");
  std::string element_template = canonical.kind == CXType_Record ? template_name(canonical) : "";
  if (element_template == "std::vector" || element_template == "std::optional")
    return failure("has type " + spelling(type) + "; only vectors of plain scalars map to SQL arrays" + kSuggestion);
  MappedType mapped = map_scalar(*element, enums);
  if (!mapped.error.empty()) return mapped;
  return success(array_sql_type(mapped.sql_type));
}

MappedType map_scalar(CXType type, const EnumResolver& enums) {
  CXType canonical = clang_getCanonicalType(type);
  long long size = clang_Type_getSizeOf(canonical);
  switch (canonical.kind) {
    case CXType_Bool: return success("boolean");
    case CXType_Short:
    case CXType_Int:
    case CXType_Long:
    case CXType_LongLong:
      if (size == 2) return success("smallint");
      if (size == 4) return success("integer");
      if (size == 8) return success("bigint");
      break;
    case CXType_Float: return success("real");
    case CXType_Double: return success("double precision");
    case CXType_Char_U:
    case CXType_UChar:
    case CXType_UShort:
    case CXType_UInt:
    case CXType_ULong:
    case CXType_ULongLong:
    case CXType_UInt128:
      return failure("has unsigned type " + spelling(type) +
                     ", which PostgreSQL does not have; use a signed type or give it an explicit STRATA_TYPE(\"...\")");
    case CXType_Pointer:
    case CXType_BlockPointer:
    case CXType_MemberPointer:
      return failure("is a raw pointer (" + spelling(type) +
                     "), which cannot be stored; store the referenced key instead or give it an explicit "
                     "STRATA_TYPE(\"...\")");
    case CXType_LValueReference:
    case CXType_RValueReference:
      return failure("is a reference (" + spelling(type) + "), which cannot be stored" + kSuggestion);
    case CXType_Enum: {
      CXCursor declaration = clang_getTypeDeclaration(canonical);
      if (std::optional<std::string> sql_type = enums(declaration)) return success(*sql_type);
      return failure("has enum type " + spelling(type) +
                     ", which is not a STRATA_ENUM; annotate the enum with STRATA_ENUM(\"name\") or give the member "
                     "an explicit STRATA_TYPE(\"...\")");
    }
    case CXType_Record: {
      std::string name = template_name(canonical);
      if (name == "std::basic_string") {
        std::optional<CXType> character = template_argument(canonical, 0);
        if (character && clang_getCanonicalType(*character).kind == CXType_Char_S) return success("text", true);
      } else if (name == "std::vector") {
        return map_vector(type, enums);
      } else if (name == "std::chrono::time_point") {
        std::optional<CXType> clock = template_argument(canonical, 0);
        if (clock &&
            qualified_name(clang_getTypeDeclaration(clang_getCanonicalType(*clock))) == "std::chrono::system_clock")
          return success("timestamp with time zone");
      } else if (name == "std::optional") {
        return failure("has type " + spelling(type) + "; std::optional cannot be nested" + kSuggestion);
      }
      break;
    }
    default: break;
  }
  return failure("has type " + spelling(type) + ", which has no SQL mapping" + kSuggestion);
}

}  // namespace

std::string qualified_name(CXCursor declaration) {
  std::string name = clang::take(clang_getCursorSpelling(declaration));
  for (CXCursor parent = clang_getCursorSemanticParent(declaration);
       !clang_Cursor_isNull(parent) && parent.kind != CXCursor_TranslationUnit && !clang_isInvalid(parent.kind);
       parent = clang_getCursorSemanticParent(parent)) {
    if (parent.kind == CXCursor_Namespace && clang_Cursor_isInlineNamespace(parent)) continue;
    std::string parent_name = clang::take(clang_getCursorSpelling(parent));
    if (parent.kind == CXCursor_ClassTemplate || parent.kind == CXCursor_StructDecl ||
        parent.kind == CXCursor_ClassDecl || parent.kind == CXCursor_Namespace) {
      if (!parent_name.empty()) name = parent_name + "::" + name;
    }
  }
  return name;
}

std::optional<CXType> optional_value_type(CXType type) {
  CXType canonical = clang_getCanonicalType(type);
  if (canonical.kind != CXType_Record || template_name(canonical) != "std::optional") return std::nullopt;
  return template_argument(type, 0);
}

MappedType map_type(CXType type, const EnumResolver& enums) {
  if (std::optional<CXType> value_type = optional_value_type(type)) {
    MappedType mapped = map_scalar(*value_type, enums);
    mapped.nullable = mapped.error.empty();
    return mapped;
  }
  return map_scalar(type, enums);
}

}  // namespace strata

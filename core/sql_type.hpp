// One spelling per SQL type: the one PostgreSQL's format_type() prints, so a type written in a
// model ("timestamptz", "VARCHAR(255)", "int8") compares equal to the same type read back from a
// snapshot or from a live database ("timestamp with time zone", "character varying(255)", "bigint").
#pragma once

#include <string>
#include <string_view>

namespace strata {

// Canonical spelling of `type`: case-insensitive, whitespace-insensitive, aliases resolved
// ("int" -> "integer", "decimal(10, 2)" -> "numeric(10,2)", "int[]" -> "integer[]",
// "timestamp(3)" -> "timestamp(3) without time zone"). Quoted identifiers keep their case; a
// schema-qualified name ("audit.kind") is quoted like enum_sql_type(). Unknown types are returned
// lower-cased with whitespace collapsed.
std::string canonical_sql_type(std::string_view type);

// The spelling of a user-defined (enum) type: "\"public\".\"tenant_plan\"".
std::string enum_sql_type(std::string_view schema, std::string_view name);

// The array of `element_type` (already canonical): "integer" -> "integer[]".
std::string array_sql_type(std::string_view element_type);

}  // namespace strata

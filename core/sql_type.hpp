// One spelling per SQL type: the one PostgreSQL's format_type() prints, so a type written in a
// model ("timestamptz", "VARCHAR(255)", "int8") compares equal to the same type read back from a
// snapshot or from a live database ("timestamp with time zone", "character varying(255)", "bigint").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata {

// Canonical spelling of `type`: case-insensitive, whitespace-insensitive, aliases resolved
// ("int" -> "integer", "decimal(10, 2)" -> "numeric(10,2)", "int[]" -> "integer[]",
// "timestamp(3)" -> "timestamp(3) without time zone"). Quoted identifiers keep their case; a
// schema-qualified name ("audit.kind") is quoted like enum_sql_type(). Unknown types are returned
// lower-cased with whitespace collapsed.
std::string canonical_sql_type(std::string_view type);

// Why `type` is not a type name, for STRATA_TYPE; nullopt when it is one. A type is words or
// quoted names (schema-qualified with "."), with modifiers in parentheses ("numeric(12, 2)") and
// array brackets. A column clause written into it (`integer GENERATED ALWAYS AS (...)`,
// `text NOT NULL`, `DEFAULT`, `REFERENCES`, `COLLATE`, ...) would be pasted into the DDL and
// garble it: it is refused, naming the annotation that says it.
std::optional<std::string> sql_type_problem(std::string_view type);

// The spelling of a user-defined (enum) type: "\"public\".\"tenant_plan\"".
std::string enum_sql_type(std::string_view schema, std::string_view name);

// The array of `element_type` (already canonical): "integer" -> "integer[]".
std::string array_sql_type(std::string_view element_type);

}  // namespace strata

// generated/<NAME>_schema.hpp: the schema contract an application compiles against (DESIGN.md
// Part 2, "Build-time proof and the schema contract"): per table, constexpr names of its schema,
// itself and its columns, in namespace <NAME>::<schema>::<table>; the head revision and snapshot
// hash, and the strata::SchemaContract that strata::require_schema() checks.
#pragma once

#include <string>
#include <string_view>

#include "generator/writer/migration_set.hpp"

namespace strata {

// "automl_app" -> "automl_app_schema.hpp".
std::string schema_header_file_name(std::string_view set_name);

// The generated schema header's C++ identifier for a SQL name: bytes outside [A-Za-z0-9_] become
// '_', a leading digit gets a '_' before it, a name C++ reserves (starting with '_' and an
// upper-case letter, or holding "__") an 'n' before it, and a C++ keyword or a name the header
// declares itself a '_' after it: "public" -> "public_". (Model headers that `strata-gen import`
// writes name things by cpp_identifier.hpp's rules.)
std::string schema_header_identifier(std::string_view name);

std::string render_schema_header(const MigrationSet& set, std::string_view set_name, std::string_view history_table);

}  // namespace strata

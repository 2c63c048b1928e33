// The Mustache templates of templates/*.mustache, compiled into the binary (see
// generator/writer/CMakeLists.txt), so that no template file is read at run time.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace strata::templates {

extern const std::string_view kRevisionCpp;  // templates/revision.cpp.mustache
extern const std::string_view kUpSql;        // templates/up.sql.mustache
extern const std::string_view kDownSql;      // templates/down.sql.mustache
extern const std::string_view kRegistryCpp;  // templates/registry.cpp.mustache
extern const std::string_view kSchemaHpp;    // templates/schema.hpp.mustache
extern const std::string_view kModelHeaderHpp;  // templates/model_header.hpp.mustache

// Renders a template without HTML escaping: the values are C++ literals and SQL already prepared
// for the file they go to. Throws InternalError naming the template when it does not parse.
std::string render(std::string_view template_name, std::string_view template_text, const kainjow::mustache::data& data);

}  // namespace strata::templates

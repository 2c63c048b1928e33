// The Mustache templates of templates/*.mustache, compiled into the binary (see
// generator/writer/CMakeLists.txt), so that no template file is read at run time.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>
#include <vector>

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

// kainjow's data::set() and data::push_back() copy what they are given, and its list copies every
// element when it grows (the move constructor is not noexcept), so a view built bottom-up is
// copied once per level (the schema header of 1000 tables spent 240 M instructions copying and
// freeing, bench/RESULTS.md, session 21). These move the values in instead.
void set_moved(kainjow::mustache::data& object, const std::string& name, kainjow::mustache::data&& value);
// A list of `items` (build them in a vector reserved to its size: it must not grow either).
kainjow::mustache::data list_of(std::vector<kainjow::mustache::data>&& items);

}  // namespace strata::templates

#include "generator/writer/revision_templates.hpp"
#include "generator/writer/generator_errors.hpp"

#include <stdexcept>

namespace strata::templates {

std::string render(std::string_view template_name, std::string_view template_text,
                   const kainjow::mustache::data& data) {
  kainjow::mustache::mustache mustache{std::string(template_text)};
  if (!mustache.is_valid())
    throw InternalError("template " + std::string(template_name) + ": " + mustache.error_message());
  mustache.set_custom_escape([](const std::string& text) { return text; });
  std::string text = mustache.render(data);
  if (!mustache.is_valid())
    throw InternalError("template " + std::string(template_name) + ": " + mustache.error_message());
  return text;
}

}  // namespace strata::templates

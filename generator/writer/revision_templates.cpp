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
  // Into one string rather than kainjow's ostringstream, whose buffer is copied out again at the
  // end: registry.cpp is megabytes.
  std::string text;
  mustache.render(data, [&text](const std::string& part) { text += part; });
  if (!mustache.is_valid())
    throw InternalError("template " + std::string(template_name) + ": " + mustache.error_message());
  return text;
}

// kainjow gives no mutable access to what it holds: placeholders (type invalid: nothing
// allocated) are copied in, then the values moved over them. The placeholders are no const
// objects (the data owns them), so writing through const_cast is well-defined.
void set_moved(kainjow::mustache::data& object, const std::string& name, kainjow::mustache::data&& value) {
  using kainjow::mustache::data;
  object.set(name, data(data::type::invalid));
  if (const data* slot = object.get(name)) const_cast<data&>(*slot) = std::move(value);
}

kainjow::mustache::data list_of(std::vector<kainjow::mustache::data>&& items) {
  using kainjow::mustache::data;
  data list{kainjow::mustache::basic_list<std::string>(items.size(), data(data::type::invalid))};
  auto& slots = const_cast<kainjow::mustache::basic_list<std::string>&>(list.list_value());
  for (std::size_t i = 0; i < items.size(); ++i) slots[i] = std::move(items[i]);
  return list;
}

}  // namespace strata::templates

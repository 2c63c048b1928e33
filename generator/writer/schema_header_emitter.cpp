#include "generator/writer/schema_header_emitter.hpp"

#include <algorithm>
#include <array>

#include "core/postgres_dialect.hpp"
#include "generator/writer/cpp_identifier.hpp"
#include "generator/writer/cpp_literal.hpp"
#include "generator/writer/revision_templates.hpp"

namespace strata {
namespace {

// Names the generated header itself declares at the same level, and std.
constexpr std::array<std::string_view, 5> kHeaderNames = {"schema", "table", "qualified", "columns", "std"};

}  // namespace

std::string schema_header_file_name(std::string_view set_name) { return std::string(set_name) + "_schema.hpp"; }

std::string schema_header_identifier(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += word ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
  const bool reserved =
      (out.size() > 1 && out[0] == '_' && out[1] >= 'A' && out[1] <= 'Z') || out.find("__") != std::string::npos;
  if (reserved) out = "n" + out;
  if (is_cpp_keyword(out) || std::find(kHeaderNames.begin(), kHeaderNames.end(), out) != kHeaderNames.end())
    out += '_';
  return out;
}

std::string render_schema_header(const MigrationSet& set, std::string_view set_name, std::string_view history_table) {
  using kainjow::mustache::data;
  using templates::list_of;
  using templates::set_moved;
  std::vector<data> schemas;
  schemas.reserve(set.snapshot.schemas.size());
  for (const Schema& schema : set.snapshot.schemas) {
    if (schema.tables.empty()) continue;
    std::vector<data> tables;
    tables.reserve(schema.tables.size());
    for (const Table& table : schema.tables) {
      std::vector<data> columns;
      columns.reserve(table.columns.size());
      for (const Column& column : table.columns) {
        data entry;
        set_moved(entry, "identifier", schema_header_identifier(column.name));
        set_moved(entry, "literal", cpp_string_literal(column.name));
        columns.push_back(std::move(entry));
      }
      data entry;
      set_moved(entry, "identifier", schema_header_identifier(table.name));
      set_moved(entry, "schema_literal", cpp_string_literal(schema.name));
      set_moved(entry, "table_literal", cpp_string_literal(table.name));
      set_moved(entry, "qualified_literal", cpp_string_literal(quote_qualified(schema.name, table.name)));
      set_moved(entry, "columns", list_of(std::move(columns)));
      tables.push_back(std::move(entry));
    }
    data entry;
    set_moved(entry, "identifier", schema_header_identifier(schema.name));
    set_moved(entry, "tables", list_of(std::move(tables)));
    schemas.push_back(std::move(entry));
  }
  const bool any = !set.revisions.empty();
  data view;
  view.set("name_text", one_line(set_name));
  view.set("name_literal", cpp_string_literal(set_name));
  view.set("set_namespace", schema_header_identifier(set_name));
  view.set("head_revision_literal", cpp_string_literal(any ? set.revisions.back().id : std::string()));
  view.set("snapshot_hash_literal", cpp_string_literal(any ? set.revisions.back().snapshot_hash : std::string()));
  view.set("history_table_literal", cpp_string_literal(history_table));
  set_moved(view, "schemas", list_of(std::move(schemas)));
  return templates::render("schema.hpp.mustache", templates::kSchemaHpp, view);
}

}  // namespace strata

#include "generator/er_diagram.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "core/index_key.hpp"
#include "core/joined.hpp"

namespace strata {
namespace {

// What a column takes part in, for the markers both formats show.
struct ColumnRoles {
  bool primary_key = false;
  bool foreign_key = false;
  bool unique = false;  // a single-column unique constraint or unique index
};

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

ColumnRoles roles_of(const Table& table, const std::string& column) {
  ColumnRoles roles;
  roles.primary_key = contains(table.primary_key.columns, column);
  for (const ForeignKey& fk : table.foreign_keys) roles.foreign_key = roles.foreign_key || contains(fk.columns, column);
  for (const UniqueConstraint& unique : table.uniques)
    roles.unique = roles.unique || (unique.columns.size() == 1 && unique.columns.front() == column);
  for (const Index& index : table.indexes)
    roles.unique =
        roles.unique || (is_plain_unique_index(index) && index.columns.size() == 1 && index.columns.front() == column);
  return roles;
}

// MATCH SIMPLE: a row with any FK column NULL is not checked, so it may reference nothing.
bool fk_is_optional(const Table& table, const ForeignKey& fk) {
  return std::any_of(fk.columns.begin(), fk.columns.end(), [&](const std::string& name) {
    const Column* column = table.find_column(name);
    return column != nullptr && column->nullable;
  });
}

ModelGraph canonical_copy(const ModelGraph& graph) {
  ModelGraph copy = graph;
  copy.canonicalize();
  return copy;
}

// One identifier of a type name: "quoted" (with "" for a quote) or bare up to the next '.'.
std::string take_identifier(std::string_view& text) {
  std::string out;
  if (!text.empty() && text.front() == '"') {
    std::size_t i = 1;
    for (; i < text.size(); ++i) {
      if (text[i] != '"') {
        out += text[i];
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        out += '"';
        ++i;
      } else {
        break;
      }
    }
    text.remove_prefix(std::min(i + 1, text.size()));
    return out;
  }
  const std::size_t dot = text.find('.');
  out = std::string(text.substr(0, dot));
  text.remove_prefix(dot == std::string_view::npos ? text.size() : dot);
  return out;
}

// The enum a column's type names, as enum_sql_type() spells it ("public"."tenant_plan"), or bare
// for the table's own schema; an array of the enum counts too.
struct EnumRef {
  const Schema* schema = nullptr;
  const EnumType* enum_type = nullptr;
  std::string array_suffix;  // "[]" per dimension
};

EnumRef enum_of_type(const ModelGraph& graph, const std::string& table_schema, std::string_view type) {
  EnumRef ref;
  while (type.ends_with("[]")) {
    type.remove_suffix(2);
    ref.array_suffix += "[]";
  }
  std::string schema = table_schema;
  std::string name = take_identifier(type);
  if (type.starts_with(".")) {
    type.remove_prefix(1);
    schema = name;
    name = take_identifier(type);
  }
  if (!type.empty()) return {};
  ref.schema = graph.find_schema(schema);
  ref.enum_type = ref.schema ? ref.schema->find_enum(name) : nullptr;
  return ref.enum_type ? ref : EnumRef{};
}

// The type as the diagrams show it: an enum by its name (qualified only from another schema).
std::string display_type(const ModelGraph& graph, const std::string& table_schema, const Column& column) {
  const EnumRef ref = enum_of_type(graph, table_schema, column.type);
  if (ref.enum_type == nullptr) return column.type;
  const std::string prefix = ref.schema->name == table_schema ? "" : ref.schema->name + ".";
  return prefix + ref.enum_type->name + ref.array_suffix;
}

// ---- Graphviz dot -------------------------------------------------------------------------

// Text inside an HTML-like label.
std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': out += "<br/>"; break;
      default: out += c;
    }
  }
  return out;
}

// A name as a piece of a node ID or port: letters, digits and '_' as they are, every other byte
// %HH. Injective, so "a.b" + "c" and "a" + "b.c" stay apart, and never holds the '"' or '\' that
// a DOT quoted string cannot carry safely.
std::string dot_id_part(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '_') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string dot_table_id(const std::string& schema, const std::string& table) {
  return "\"" + dot_id_part(schema) + "." + dot_id_part(table) + "\"";
}

std::string dot_enum_id(const std::string& schema, const std::string& enum_name) {
  return "\"enum:" + dot_id_part(schema) + "." + dot_id_part(enum_name) + "\"";
}

// Each column row has a port on its left cell (edges arrive) and its right cell (edges leave),
// so with rankdir=LR an edge does not cross the table it starts from.
std::string dot_port(char side, const std::string& column) {
  return std::string("\"") + side + "_" + dot_id_part(column) + "\"";
}

std::string markers(const Column& column, const ColumnRoles& roles) {
  std::vector<std::string> parts;
  if (roles.primary_key) parts.emplace_back("PK");
  if (roles.foreign_key) parts.emplace_back("FK");
  if (roles.unique) parts.emplace_back("UQ");
  if (column.generated) parts.emplace_back("GEN");
  if (column.nullable) parts.emplace_back("NULL");
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : " ") + part;
  return out;
}

constexpr std::string_view kTableOpen = "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">";

void dot_table_node(std::string& out, const ModelGraph& graph, const Schema& schema, const Table& table) {
  out += "    " + dot_table_id(schema.name, table.name) + " [label=<\n";
  out += "      " + std::string(kTableOpen) + "\n";
  out += "        <tr><td colspan=\"3\" bgcolor=\"#dae8fc\"><b>" + html_escape(table.name) + "</b></td></tr>\n";
  for (const Column& column : table.columns) {
    const std::string left_port = dot_port('l', column.name);
    const std::string right_port = dot_port('r', column.name);
    out += "        <tr><td port=" + left_port + " align=\"left\">" + html_escape(column.name) +
           "</td><td align=\"left\">" + html_escape(display_type(graph, schema.name, column)) +
           "</td><td port=" + right_port + " align=\"left\">" + markers(column, roles_of(table, column.name)) +
           "</td></tr>\n";
  }
  // Row security is part of what a reader of the diagram must know about a table: who sees its rows.
  if (table.row_security) {
    std::string policies;
    for (const Policy& policy : table.policies) policies += (policies.empty() ? ": " : ", ") + policy.name;
    out += "        <tr><td colspan=\"3\" align=\"left\"><i>row security" + html_escape(policies) + "</i></td></tr>\n";
  }
  out += "      </table>\n    >];\n";
}

void dot_enum_node(std::string& out, const Schema& schema, const EnumType& enum_type) {
  out += "    " + dot_enum_id(schema.name, enum_type.name) + " [label=<\n";
  out += "      " + std::string(kTableOpen) + "\n";
  out += "        <tr><td bgcolor=\"#fff2cc\"><i>enum</i> <b>" + html_escape(enum_type.name) + "</b></td></tr>\n";
  for (const std::string& label : enum_type.labels)
    out += "        <tr><td align=\"left\">" + html_escape(label) + "</td></tr>\n";
  out += "      </table>\n    >];\n";
}

// ---- Mermaid ------------------------------------------------------------------------------

// Mermaid words (entity names, attribute types and names) must begin with a letter and hold only
// letters, digits, '_', '-', and for types and attribute names also "()[]".
std::string mermaid_word(std::string_view text, bool allow_brackets) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"') continue;  // quoting in SQL types such as "audit"."event_kind"
    const bool bracket = c == '(' || c == ')' || c == '[' || c == ']';
    out += (std::isalnum(byte) || c == '_' || c == '-' || (allow_brackets && bracket)) ? c : '_';
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front()))) out.insert(0, "x_");
  return out;
}

// Quoted mermaid text (comments, relationship labels) has no escape for '"'.
std::string mermaid_text(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

// Entity names for every table in the graph and every table an FK references, assigned in
// canonical order; a sanitized name already taken gets a numeric suffix, so names stay unique
// and stable.
class MermaidEntityNames {
 public:
  explicit MermaidEntityNames(const ModelGraph& graph) {
    for (const Schema& schema : graph.schemas)
      for (const Table& table : schema.tables) assign(schema.name, table.name);
    for (const Schema& schema : graph.schemas)
      for (const Table& table : schema.tables)
        for (const ForeignKey& fk : table.foreign_keys) assign(fk.ref_schema, fk.ref_table);
  }

  const std::string& of(const std::string& schema, const std::string& table) const {
    return names_.at({schema, table});
  }

 private:
  void assign(const std::string& schema, const std::string& table) {
    if (names_.contains({schema, table})) return;
    const std::string base = mermaid_word(schema, false) + "__" + mermaid_word(table, false);
    std::string name = base;
    for (int n = 2; taken_.contains(name); ++n) name = base + "_" + std::to_string(n);
    taken_.insert(name);
    names_[{schema, table}] = name;
  }

  std::map<std::pair<std::string, std::string>, std::string> names_;
  std::set<std::string> taken_;
};

std::string mermaid_attribute(const ModelGraph& graph, const Schema& schema, const Table& table, const Column& column) {
  const ColumnRoles roles = roles_of(table, column.name);
  const std::string name = mermaid_word(column.name, true);
  std::string line = mermaid_word(display_type(graph, schema.name, column), true) + " " + name;

  std::vector<std::string> keys;
  if (roles.primary_key) keys.emplace_back("PK");
  if (roles.foreign_key) keys.emplace_back("FK");
  if (roles.unique) keys.emplace_back("UK");
  for (std::size_t i = 0; i < keys.size(); ++i) line += (i == 0 ? " " : ", ") + keys[i];

  std::vector<std::string> notes;
  if (column.nullable) notes.emplace_back("nullable");
  if (column.generated) notes.emplace_back("generated");
  if (name != column.name) notes.push_back("column " + column.name);  // the real name, when sanitizing changed it
  if (!notes.empty()) {
    std::string comment;
    for (const std::string& note : notes) comment += (comment.empty() ? "" : "; ") + note;
    line += " \"" + mermaid_text(comment) + "\"";
  }
  return line;
}

}  // namespace

std::string render_dot(const ModelGraph& input) {
  const ModelGraph graph = canonical_copy(input);
  std::string out;
  out += "digraph strata {\n";
  out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.5, ranksep=1.2];\n";
  out += "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [color=\"#4d4d4d\"];\n";

  for (const Schema& schema : graph.schemas) {
    out += "\n  subgraph \"cluster_" + dot_id_part(schema.name) + "\" {\n";
    out += "    label=<<b>" + html_escape(schema.name) + "</b>>;\n";
    out += "    style=rounded;\n    color=\"#9e9e9e\";\n";
    for (const EnumType& enum_type : schema.enums) dot_enum_node(out, schema, enum_type);
    for (const Table& table : schema.tables) dot_table_node(out, graph, schema, table);
    for (const SqlObject& view : schema.sql_objects)
      if (view.kind == SqlObjectKind::View)
        out += "    " + dot_table_id(schema.name, view.name) +
               " [shape=box, style=\"rounded,dashed\", label=<<i>view</i> " + html_escape(view.name) + ">];\n";
    out += "  }\n";
  }

  // Referenced tables the graph does not hold (another schema, not managed here).
  std::set<std::pair<std::string, std::string>> external;
  for (const Schema& schema : graph.schemas)
    for (const Table& table : schema.tables)
      for (const ForeignKey& fk : table.foreign_keys)
        if (graph.find_table(fk.ref_schema, fk.ref_table) == nullptr) external.insert({fk.ref_schema, fk.ref_table});
  if (!external.empty()) out += "\n";
  for (const auto& [schema, table] : external) {
    out += "  " + dot_table_id(schema, table) + " [shape=box, style=dashed, label=<" + html_escape(schema) + "." +
           html_escape(table) + ">];\n";
  }

  std::string edges;
  for (const Schema& schema : graph.schemas) {
    for (const Table& table : schema.tables) {
      for (const ForeignKey& fk : table.foreign_keys) {
        std::string tail = dot_table_id(schema.name, table.name);
        if (!fk.columns.empty() && table.find_column(fk.columns.front()))
          tail += ":" + dot_port('r', fk.columns.front());
        std::string head = dot_table_id(fk.ref_schema, fk.ref_table);
        const Table* referenced = graph.find_table(fk.ref_schema, fk.ref_table);
        if (referenced && !fk.ref_columns.empty() && referenced->find_column(fk.ref_columns.front()))
          head += ":" + dot_port('l', fk.ref_columns.front());
        // Crow's foot: zero-or-many rows hold the FK; each references one row (zero or one when
        // an FK column is nullable).
        edges += "  " + tail + " -> " + head +
                 " [dir=both, arrowtail=crowodot, arrowhead=" + (fk_is_optional(table, fk) ? "teeodot" : "teetee") +
                 "];\n";
      }
      // An enum-typed column is tied to its enum by a dashed line; it takes part in ranking, which
      // places each enum to the right of the tables using it.
      for (const Column& column : table.columns) {
        const EnumRef ref = enum_of_type(graph, schema.name, column.type);
        if (ref.enum_type == nullptr) continue;
        edges += "  " + dot_table_id(schema.name, table.name) + ":" + dot_port('r', column.name) + " -> " +
                 dot_enum_id(ref.schema->name, ref.enum_type->name) + " [style=dashed, arrowhead=none];\n";
      }
    }
  }
  // A view points at the tables and views it reads (dotted).
  for (const Schema& schema : graph.schemas)
    for (const SqlObject& view : schema.sql_objects) {
      if (view.kind != SqlObjectKind::View) continue;
      for (const std::string& dependency : view.depends) {
        const std::size_t dot = dependency.find('.');
        const std::string ref_schema = dependency.substr(0, dot), ref_name = dependency.substr(dot + 1);
        const Schema* s = graph.find_schema(ref_schema);
        const bool is_view = s && s->find_sql_object(SqlObjectKind::View, "", ref_name);
        if (graph.find_table(ref_schema, ref_name) || is_view)
          edges += "  " + dot_table_id(schema.name, view.name) + " -> " + dot_table_id(ref_schema, ref_name) +
                   " [style=dotted];\n";
      }
    }
  if (!edges.empty()) out += "\n" + edges;
  out += "}\n";
  return out;
}

std::string render_mermaid(const ModelGraph& input) {
  const ModelGraph graph = canonical_copy(input);
  const MermaidEntityNames names(graph);
  std::string out = "erDiagram\n";

  for (const Schema& schema : graph.schemas) {
    for (const EnumType& enum_type : schema.enums)
      out += "    %% enum " + mermaid_text(schema.name + "." + enum_type.name) + ": " +
             mermaid_text(joined(enum_type.labels, ", ")) + "\n";
    // Mermaid's ER diagrams have no views either.
    for (const SqlObject& view : schema.sql_objects)
      if (view.kind == SqlObjectKind::View)
        out += "    %% view " + mermaid_text(schema.name + "." + view.name) + " reads " +
               mermaid_text(joined(view.depends, ", ")) + "\n";
  }
  for (const Schema& schema : graph.schemas) {
    for (const Table& table : schema.tables) {
      out += "    " + names.of(schema.name, table.name);
      if (table.columns.empty()) {
        out += "\n";
        continue;
      }
      out += " {\n";
      for (const Column& column : table.columns)
        out += "        " + mermaid_attribute(graph, schema, table, column) + "\n";
      out += "    }\n";
    }
  }
  for (const Schema& schema : graph.schemas) {
    for (const Table& table : schema.tables) {
      for (const ForeignKey& fk : table.foreign_keys) {
        out += "    " + names.of(schema.name, table.name) + (fk_is_optional(table, fk) ? " }o--o| " : " }o--|| ") +
               names.of(fk.ref_schema, fk.ref_table) + " : \"" + mermaid_text(joined(fk.columns, ", ")) + "\"\n";
      }
    }
  }
  return out;
}

}  // namespace strata

#include "generator/writer/model_header_writer.hpp"

#include <algorithm>
#include <set>

#include "core/joined.hpp"
#include "core/naming.hpp"
#include "core/sql_type.hpp"
#include "generator/writer/cpp_identifier.hpp"
#include "generator/writer/cpp_literal.hpp"
#include "generator/writer/revision_templates.hpp"

namespace strata {
namespace {

using kainjow::mustache::data;

std::string literal(std::string_view text) { return cpp_string_literal(text); }

// MACRO("a", "b"): the arguments as C++ string literals.
std::string call(std::string_view macro, std::initializer_list<std::string_view> arguments) {
  std::string out = std::string(macro) + "(";
  bool first = true;
  for (const std::string_view argument : arguments) {
    if (!first) out += ", ";
    out += literal(argument);
    first = false;
  }
  return out + ")";
}

std::string column_list(const std::vector<std::string>& columns) { return joined(columns, ", "); }

// A name the annotations' "name|a, b" syntax can carry: no '|' (it separates the parts) and, in a
// column list, no ','.
bool fits_annotation(const std::string& name, bool in_list) {
  return name.find('|') == std::string::npos && (!in_list || name.find(',') == std::string::npos);
}

// The C++ names: a namespace (and directory) per schema, a struct per table, an enum class per
// enum, unique within their schema.
struct Names {
  std::map<std::string, std::string> schema_namespace;  // schema -> "public_"
  std::map<std::string, std::string> tables;            // qualified(schema, table) -> struct name
  // enum_sql_type(schema, enum) -> (schema, C++ name)
  std::map<std::string, std::pair<std::string, std::string>> enums;
};

Names name_everything(const ModelGraph& graph) {
  Names names;
  std::set<std::string> namespaces;
  for (const Schema& schema : graph.schemas) {
    names.schema_namespace[schema.name] = unique_identifier(cpp_identifier(schema.name, "s_"), namespaces);
    std::set<std::string> taken;
    for (const Table& table : schema.tables)
      names.tables[qualified(schema.name, table.name)] = unique_identifier(cpp_identifier(table.name, "t_"), taken);
    for (const EnumType& type : schema.enums)
      names.enums[enum_sql_type(schema.name, type.name)] = {schema.name,
                                                            unique_identifier(cpp_type_identifier(type.name), taken)};
  }
  return names;
}

// The member type of a column and what it needs.
struct MemberType {
  std::string cpp;
  std::vector<std::string> annotations;  // STRATA_TYPE or STRATA_LENGTH
  std::set<std::string> std_headers;
  std::optional<std::string> enum_schema;  // the schema of the enum it names
};

std::set<std::string> std_headers_of(const std::string& cpp) {
  std::set<std::string> headers;
  if (cpp.find("std::string") != std::string::npos) headers.insert("string");
  if (cpp.find("std::vector") != std::string::npos) headers.insert("vector");
  if (cpp.find("std::chrono") != std::string::npos) headers.insert("chrono");
  if (cpp.find("std::int") != std::string::npos || cpp.find("std::uint") != std::string::npos)
    headers.insert("cstdint");
  return headers;
}

MemberType member_type(const std::string& schema, const Column& column, const Names& names) {
  MemberType type;
  const std::string element = column.type.ends_with("[]") ? column.type.substr(0, column.type.size() - 2) : "";
  const auto enum_named = [&](const std::string& sql) -> const std::pair<std::string, std::string>* {
    const auto found = names.enums.find(sql);
    return found == names.enums.end() ? nullptr : &found->second;
  };
  const auto enum_cpp = [&](const std::pair<std::string, std::string>& found) {
    type.enum_schema = found.first;
    return found.first == schema ? found.second : names.schema_namespace.at(found.first) + "::" + found.second;
  };
  if (const auto* found = enum_named(column.type)) {
    type.cpp = enum_cpp(*found);
  } else if (const auto* element_enum = element.empty() ? nullptr : enum_named(element)) {
    type.cpp = "std::vector<" + enum_cpp(*element_enum) + ">";
  } else if (const NaturalType natural = natural_cpp_type(column.type); !natural.cpp.empty()) {
    type.cpp = natural.cpp;
    if (natural.length) type.annotations.push_back("STRATA_LENGTH(" + std::to_string(*natural.length) + ")");
  } else {
    type.cpp = "std::string";
    type.annotations.push_back(call("STRATA_TYPE", {column.type}));
  }
  if (column.nullable) type.cpp = "std::optional<" + type.cpp + ">";
  type.std_headers = std_headers_of(type.cpp);
  if (column.nullable) type.std_headers.insert("optional");
  return type;
}

std::string fk_action_annotation(std::string_view macro, const std::string& name, FkAction action) {
  return name.empty() ? std::string(macro) + "(" + literal(to_string(action)) + ")"
                      : call(macro, {name, to_string(action)});
}

// One table: its struct's data for the template, and the problems that keep it out.
struct TableHeader {
  std::string declaration;
  std::set<std::string> std_headers;
  std::set<std::string> enum_schemas;
  std::vector<std::string> problems;
};

TableHeader table_header(const ModelGraph& graph, const std::string& schema, const Table& table, const Names& names,
                         const std::string& struct_name) {
  TableHeader header;
  const std::string where = qualified(schema, table.name);
  const auto problem = [&](const std::string& why) { header.problems.push_back(where + ": not imported: " + why); };

  std::vector<std::string> attributes;
  if (schema != "public") attributes.push_back(call("STRATA_SCHEMA", {schema}));
  if (table.comment) attributes.push_back(call("STRATA_COMMENT", {*table.comment}));
  std::map<std::string, std::vector<std::string>> member_annotations;  // column -> annotations

  // Primary key: STRATA_PK on its members when they are in declaration order, else STRATA_PRIMARY_KEY.
  if (table.primary_key.columns.empty()) {
    problem("it has no primary key, which every model table has (add one, or leave the table out with --ignore)");
  } else if (table.primary_key.name != primary_key_name(table.name)) {
    problem("its primary key is named " + table.primary_key.name + "; the models name it " +
            primary_key_name(table.name) + " (ALTER TABLE ... RENAME CONSTRAINT first)");
  } else {
    std::vector<std::string> in_order;
    for (const Column& column : table.columns)
      if (std::find(table.primary_key.columns.begin(), table.primary_key.columns.end(), column.name) !=
          table.primary_key.columns.end())
        in_order.push_back(column.name);
    if (in_order == table.primary_key.columns)
      for (const std::string& column : in_order) member_annotations[column].push_back("STRATA_PK");
    else
      attributes.push_back(call("STRATA_PRIMARY_KEY", {column_list(table.primary_key.columns)}));
  }
  for (const Column& column : table.columns)
    if (column.identity) member_annotations[column.name].push_back("STRATA_IDENTITY");

  for (const UniqueConstraint& unique : table.uniques) {
    if (unique.columns.size() == 1 && !unique.nulls_not_distinct &&
        unique.name == unique_constraint_name(table.name, unique.columns[0])) {
      member_annotations[unique.columns[0]].push_back("STRATA_UNIQUE");
      continue;
    }
    attributes.push_back(call("STRATA_UNIQUE_TOGETHER", {unique.name, column_list(unique.columns)}));
    if (unique.nulls_not_distinct) attributes.push_back(call("STRATA_NULLS_NOT_DISTINCT", {unique.name}));
  }
  for (const Index& index : table.indexes) {
    if (index.columns.size() == 1 && !index.unique && index.method.empty() && !index.where && index.include.empty() &&
        table.find_column(index.columns[0]) != nullptr && index.name == index_name(table.name, index.columns[0])) {
      member_annotations[index.columns[0]].push_back("STRATA_INDEXED");
      continue;
    }
    attributes.push_back(
        call(index.unique ? "STRATA_UNIQUE_INDEX" : "STRATA_INDEX", {index.name, column_list(index.columns)}));
    if (!index.method.empty()) attributes.push_back(call("STRATA_INDEX_USING", {index.name, index.method}));
    if (index.where) attributes.push_back(call("STRATA_INDEX_WHERE", {index.name, *index.where}));
    if (!index.include.empty())
      attributes.push_back(call("STRATA_INDEX_INCLUDE", {index.name, column_list(index.include)}));
    if (index.nulls_not_distinct) attributes.push_back(call("STRATA_NULLS_NOT_DISTINCT", {index.name}));
  }
  for (const ForeignKey& fk : table.foreign_keys) {
    if (graph.find_schema(fk.ref_schema) == nullptr)
      problem("foreign key " + fk.name + " references " + qualified(fk.ref_schema, fk.ref_table) + ", in schema " +
              fk.ref_schema + ", which is not imported (add it to --schemas)");
    const bool own_schema = fk.ref_schema == schema;
    if (fk.columns.size() == 1 && fk.name == foreign_key_name(table.name, fk.columns[0], fk.ref_table)) {
      std::vector<std::string>& annotations = member_annotations[fk.columns[0]];
      annotations.push_back(
          call("STRATA_FK", {(own_schema ? "" : fk.ref_schema + ".") + fk.ref_table + "." + fk.ref_columns[0]}));
      if (fk.on_delete != FkAction::NoAction)
        annotations.push_back(fk_action_annotation("STRATA_ON_DELETE", "", fk.on_delete));
      if (fk.on_update != FkAction::NoAction)
        annotations.push_back(fk_action_annotation("STRATA_ON_UPDATE", "", fk.on_update));
      continue;
    }
    attributes.push_back(
        call("STRATA_FOREIGN_KEY", {fk.name, column_list(fk.columns),
                                    qualified(fk.ref_schema, fk.ref_table) + "(" + column_list(fk.ref_columns) + ")"}));
    if (fk.on_delete != FkAction::NoAction)
      attributes.push_back(fk_action_annotation("STRATA_FOREIGN_KEY_ON_DELETE", fk.name, fk.on_delete));
    if (fk.on_update != FkAction::NoAction)
      attributes.push_back(fk_action_annotation("STRATA_FOREIGN_KEY_ON_UPDATE", fk.name, fk.on_update));
  }
  for (const CheckConstraint& check : table.checks) {
    const auto column = std::find_if(table.columns.begin(), table.columns.end(), [&](const Column& c) {
      return check.name == check_constraint_name(table.name, c.name);
    });
    if (column != table.columns.end())
      member_annotations[column->name].push_back(call("STRATA_CHECK", {check.expression}));
    else
      attributes.push_back(call("STRATA_CHECK_TABLE", {check.name, check.expression}));
  }
  if (table.row_security) attributes.push_back("STRATA_ROW_SECURITY");
  if (!table.row_security && !table.policies.empty())
    problem("it has policies but not row security enabled and forced, which the models give every table with policies");
  for (const Policy& policy : table.policies) {
    attributes.push_back(call("STRATA_POLICY", {policy.name, policy.command, policy.using_expr.value_or("")}));
    if (policy.check_expr) attributes.push_back(call("STRATA_POLICY_CHECK", {policy.name, *policy.check_expr}));
    if (!policy.roles.empty())
      attributes.push_back(call("STRATA_POLICY_ROLES", {policy.name, column_list(policy.roles)}));
  }
  if (table.distribution) {
    if (table.distribution->kind == Distribution::Kind::Reference) {
      attributes.push_back("STRATA_REFERENCE_TABLE");
    } else {
      attributes.push_back(call("STRATA_DISTRIBUTED_BY", {table.distribution->column}));
      if (!table.distribution->colocate_with.empty())
        attributes.push_back(call("STRATA_COLOCATE_WITH", {table.distribution->colocate_with}));
    }
  }

  // Names the annotations cannot carry.
  const auto check_name = [&](const std::string& what, const std::string& name, bool in_list) {
    if (!fits_annotation(name, in_list))
      problem(what + " " + name + " has a '|'" + (in_list ? " or ','" : "") + ", which the annotations cannot carry");
  };
  for (const Column& column : table.columns) check_name("column", column.name, true);
  for (const Index& index : table.indexes) check_name("index", index.name, false);
  for (const UniqueConstraint& unique : table.uniques) check_name("constraint", unique.name, false);
  for (const CheckConstraint& check : table.checks) check_name("constraint", check.name, false);
  for (const ForeignKey& fk : table.foreign_keys) check_name("constraint", fk.name, false);
  for (const Policy& policy : table.policies) check_name("policy", policy.name, false);

  std::string members;
  std::set<std::string> member_names = {struct_name};
  for (const Column& column : table.columns) {
    MemberType type = member_type(schema, column, names);
    if (column.type.starts_with("\"") && !type.enum_schema)
      problem("column " + column.name + " has type " + column.type + ", an enum of a schema that is not imported " +
              "(add it to --schemas)");
    if (type.enum_schema) header.enum_schemas.insert(*type.enum_schema);
    header.std_headers.insert(type.std_headers.begin(), type.std_headers.end());
    std::string member = unique_identifier(cpp_identifier(column.name, "c_"), member_names);
    std::vector<std::string> annotations = member_annotations[column.name];
    if (member != column.name) annotations.insert(annotations.begin(), call("STRATA_COLUMN", {column.name}));
    // The type right after the key, as models/ writes it: STRATA_PK STRATA_TYPE("uuid") STRATA_FK(...).
    const auto after_key = std::find_if(annotations.begin(), annotations.end(), [](const std::string& annotation) {
      return annotation != "STRATA_PK" && annotation != "STRATA_IDENTITY" && !annotation.starts_with("STRATA_COLUMN");
    });
    annotations.insert(after_key, type.annotations.begin(), type.annotations.end());
    if (column.default_expr) annotations.push_back(call("STRATA_DEFAULT", {*column.default_expr}));
    if (column.generated) annotations.push_back(call("STRATA_GENERATED", {*column.generated}));
    if (column.comment) annotations.push_back(call("STRATA_COMMENT", {*column.comment}));
    if (!members.empty()) members += "\n";
    if (!annotations.empty()) members += "  " + joined(annotations, " ") + "\n";
    members += "  " + type.cpp + " " + member + ";\n";
  }

  // The struct as models/ writes them: its annotations one a line when there are more than its name.
  header.declaration = "struct " + call("STRATA_TABLE", {table.name});
  for (const std::string& attribute : attributes) header.declaration += "\n    " + attribute;
  header.declaration += (attributes.empty() ? " " : "\n    ") + struct_name + " {\n" + members + "};\n";
  return header;
}

std::string render_header(const std::string& origin, const std::string& cpp_namespace,
                          const std::set<std::string>& std_headers, const std::vector<std::string>& local_headers,
                          const std::vector<std::string>& declarations) {
  std::string std_includes;
  for (const std::string& header : std_headers) std_includes += "#include <" + header + ">\n";
  std::string local_includes;
  for (const std::string& header : local_headers) local_includes += "#include \"" + header + "\"\n";
  std::string body;
  for (const std::string& declaration : declarations) body += "\n" + declaration;
  data view;
  view.set("origin", origin);
  view.set("namespace", cpp_namespace);
  view.set("std_includes", std_includes.empty() ? std_includes : std_includes + "\n");
  view.set("local_includes", local_includes.empty() ? local_includes : "\n" + local_includes);
  view.set("declarations", body);
  return templates::render("model_header.hpp.mustache", templates::kModelHeaderHpp, view);
}

}  // namespace

NaturalType natural_cpp_type(const std::string& sql_type) {
  static const std::map<std::string, std::string> kScalars = {
      {"boolean", "bool"},         {"smallint", "std::int16_t"},
      {"integer", "std::int32_t"}, {"bigint", "std::int64_t"},
      {"real", "float"},           {"double precision", "double"},
      {"text", "std::string"},     {"timestamp with time zone", "std::chrono::system_clock::time_point"},
  };
  if (sql_type == "bytea") return {"std::vector<std::uint8_t>", std::nullopt};
  if (const auto found = kScalars.find(sql_type); found != kScalars.end()) return {found->second, std::nullopt};
  if (sql_type.ends_with("[]")) {
    const auto element = kScalars.find(sql_type.substr(0, sql_type.size() - 2));
    if (element != kScalars.end()) return {"std::vector<" + element->second + ">", std::nullopt};
  }
  constexpr std::string_view kVarchar = "character varying(";
  if (sql_type.starts_with(kVarchar) && sql_type.ends_with(")")) {
    const std::string digits = sql_type.substr(kVarchar.size(), sql_type.size() - kVarchar.size() - 1);
    if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return {"std::string", static_cast<unsigned>(std::stoul(digits))};
  }
  return {};
}

ModelHeaders write_model_headers(const ModelGraph& graph, const std::string& cpp_namespace) {
  ModelHeaders out;
  const Names names = name_everything(graph);
  for (const Schema& schema : graph.schemas) {
    const std::string ns = cpp_namespace + "::" + names.schema_namespace.at(schema.name);
    const std::string& directory = names.schema_namespace.at(schema.name);
    if (!schema.enums.empty()) {
      std::vector<std::string> enums;
      for (const EnumType& type : schema.enums) {
        std::set<std::string> taken;
        std::vector<std::string> enumerators;
        for (const std::string& label : type.labels) {
          const std::string name = unique_identifier(cpp_identifier(label, "v_"), taken);
          enumerators.push_back(name == label ? name : name + " STRATA_LABEL(" + literal(label) + ")");
        }
        std::string declaration = call("STRATA_ENUM", {type.name});
        if (schema.name != "public") declaration += " " + call("STRATA_SCHEMA", {schema.name});
        enums.push_back("enum class " + declaration + " " +
                        names.enums.at(enum_sql_type(schema.name, type.name)).second + " { " +
                        joined(enumerators, ", ") + " };\n");
      }
      out.files[directory + "/enums.hpp"] = render_header("The enums of schema " + schema.name, ns, {}, {}, enums);
    }
    std::set<std::string> file_names = {"enums"};
    for (const Table& table : schema.tables) {
      const std::string& struct_name = names.tables.at(qualified(schema.name, table.name));
      TableHeader header = table_header(graph, schema.name, table, names, struct_name);
      out.problems.insert(out.problems.end(), header.problems.begin(), header.problems.end());
      std::vector<std::string> local_headers;
      for (const std::string& enum_schema : header.enum_schemas)
        local_headers.push_back(
            enum_schema == schema.name ? "enums.hpp" : "../" + names.schema_namespace.at(enum_schema) + "/enums.hpp");
      out.files[directory + "/" + unique_identifier(struct_name, file_names) + ".hpp"] = render_header(
          "Table " + qualified(schema.name, table.name), ns, header.std_headers, local_headers, {header.declaration});
    }
  }
  std::sort(out.problems.begin(), out.problems.end());
  return out;
}

}  // namespace strata

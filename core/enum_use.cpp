#include "core/enum_use.hpp"

#include <algorithm>

#include "core/postgres_dialect.hpp"
#include "core/sql_lexer.hpp"
#include "core/sql_type.hpp"

namespace strata {
namespace {

// Whether `sql` names one of `columns`.
bool mentions(std::string_view sql, const std::vector<std::string>& columns) {
  for (const SqlToken& token : lex_sql(sql))
    if ((token.kind == SqlTokenKind::Word || token.kind == SqlTokenKind::QuotedIdentifier) &&
        std::find(columns.begin(), columns.end(), identifier_name(token)) != columns.end())
      return true;
  return false;
}
// Whether `sql` holds the string literal `literal` ('label', quoted).
bool holds_literal(std::string_view sql, const std::string& literal) {
  for (const SqlToken& token : lex_sql(sql))
    if (token.kind == SqlTokenKind::String && token.text == literal) return true;
  return false;
}

// The SQL of an index that can mention a column beyond its plain keys: predicate and expressions.
std::string index_expressions(const Index& index) {
  std::string out = index.where.value_or("");
  for (const std::string& key : index.columns)
    if (!key.empty() && key.front() == '(') out += " " + key;
  return out;
}

}  // namespace

bool uses_enum(const std::string& column_type, const std::string& enum_schema, const std::string& enum_name) {
  const std::string base = enum_sql_type(enum_schema, enum_name);
  if (column_type.compare(0, base.size(), base) != 0) return false;
  for (std::size_t i = base.size(); i < column_type.size(); i += 2)
    if (column_type.compare(i, 2, "[]") != 0) return false;
  return true;
}

std::vector<EnumUse> enum_uses(const ModelGraph& graph, const std::string& enum_schema, const std::string& enum_name) {
  std::vector<EnumUse> uses;
  for (const Schema& s : graph.schemas)
    for (const Table& t : s.tables)
      for (const Column& c : t.columns)
        if (uses_enum(c.type, enum_schema, enum_name)) uses.push_back({s.name, t.name, c.name, c.type, c.default_expr});
  return uses;
}

std::vector<EnumDependent> enum_dependents(const ModelGraph& graph, const std::vector<EnumUse>& uses) {
  std::vector<EnumDependent> out;
  for (const Schema& s : graph.schemas)
    for (const Table& t : s.tables) {
      std::vector<std::string> columns;
      for (const EnumUse& use : uses)
        if (use.schema == s.name && use.table == t.name) columns.push_back(use.column);
      if (columns.empty()) continue;
      for (const CheckConstraint& check : t.checks)
        if (mentions(check.expression, columns)) out.push_back({s.name, t.name, check, std::nullopt});
      for (const Index& index : t.indexes)
        if (mentions(index_expressions(index), columns)) out.push_back({s.name, t.name, std::nullopt, index});
    }
  return out;
}

std::vector<std::string> label_users(const ModelGraph& graph, const std::string& enum_schema,
                                     const std::string& enum_name, const std::string& label) {
  const std::string literal = quote_literal(label);
  const std::vector<EnumUse> uses = enum_uses(graph, enum_schema, enum_name);
  std::vector<std::string> out;
  for (const EnumUse& use : uses)
    if (use.default_expr && holds_literal(*use.default_expr, literal))
      out.push_back("the default of " + qualified(use.schema, use.table, use.column));
  for (const EnumDependent& dependent : enum_dependents(graph, uses)) {
    const std::string table = qualified(dependent.schema, dependent.table);
    if (dependent.check && holds_literal(dependent.check->expression, literal))
      out.push_back("check " + dependent.check->name + " on " + table);
    if (dependent.index && holds_literal(index_expressions(*dependent.index), literal))
      out.push_back("index " + dependent.index->name + " on " + table);
  }
  return out;
}

}  // namespace strata

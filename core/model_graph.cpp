#include "core/model_graph.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <tuple>

#include "core/find_named.hpp"

namespace strata {
namespace {

// For the lists kept sorted by name (schemas, tables): a binary search, which is what the diff
// and apply() rely on to stay linear on large models; a graph not yet canonicalized may be
// out of order, so a miss falls back to the plain scan and the answer never depends on order.
template <typename T>
auto find_sorted_named(T& items, const std::string& name) -> decltype(&*items.begin()) {
  auto it = lower_bound_named(items, name);
  if (it != items.end() && it->name == name) return &*it;
  return find_named(items, name);
}

const auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
const auto by_kind_table_and_name = [](const SqlObject& a, const SqlObject& b) {
  return std::tie(a.kind, a.table, a.name) < std::tie(b.kind, b.table, b.name);
};

// The lists canonical order sorts, each with its order: visit(list, order). One home for what
// canonical means, which canonicalize() establishes and is_canonical() checks.
template <typename TableType, typename Visit>
void for_each_ordered_list_of_table(TableType& t, Visit&& visit) {
  visit(t.uniques, by_name);
  visit(t.checks, by_name);
  visit(t.foreign_keys, by_name);
  visit(t.indexes, by_name);
  visit(t.policies, by_name);
  for (auto& p : t.policies) visit(p.roles, std::less<>());
}

template <typename SchemaType, typename Visit>
void for_each_ordered_list_of_schema(SchemaType& s, Visit&& visit) {
  visit(s.enums, by_name);
  visit(s.tables, by_name);
  visit(s.sql_objects, by_kind_table_and_name);
}

// apply() re-canonicalizes after every operation: skipping the (already sorted) common case
// keeps a plan of n operations on n tables from costing n sorts that move every table.
const auto sort_unless_sorted = [](auto& items, const auto& order) {
  if (!std::is_sorted(items.begin(), items.end(), order)) std::sort(items.begin(), items.end(), order);
};

}  // namespace

const Column* Table::find_column(const std::string& column) const { return find_named(columns, column); }
Column* Table::find_column(const std::string& column) { return find_named(columns, column); }

const Table* Schema::find_table(const std::string& table) const { return find_sorted_named(tables, table); }
Table* Schema::find_table(const std::string& table) { return find_sorted_named(tables, table); }
const EnumType* Schema::find_enum(const std::string& enum_name) const { return find_named(enums, enum_name); }
const SqlObject* Schema::find_sql_object(SqlObjectKind kind, const std::string& table, const std::string& object_name) const {
  auto it = std::find_if(sql_objects.begin(), sql_objects.end(), [&](const SqlObject& o) {
    return o.kind == kind && o.table == table && o.name == object_name;
  });
  return it == sql_objects.end() ? nullptr : &*it;
}

const Schema* ModelGraph::find_schema(const std::string& schema) const { return find_sorted_named(schemas, schema); }
Schema* ModelGraph::find_schema(const std::string& schema) { return find_sorted_named(schemas, schema); }

const Table* ModelGraph::find_table(const std::string& schema, const std::string& table) const {
  const Schema* s = find_schema(schema);
  return s ? s->find_table(table) : nullptr;
}
Table* ModelGraph::find_table(const std::string& schema, const std::string& table) {
  Schema* s = find_schema(schema);
  return s ? s->find_table(table) : nullptr;
}

Schema& ModelGraph::schema(const std::string& name) {
  auto it = lower_bound_named(schemas, name);
  if (it != schemas.end() && it->name == name) return *it;
  return *schemas.insert(it, Schema{name});
}

void ModelGraph::canonicalize() {
  sort_unless_sorted(schemas, by_name);
  for (Schema& s : schemas) {
    for_each_ordered_list_of_schema(s, sort_unless_sorted);
    for (Table& t : s.tables) for_each_ordered_list_of_table(t, sort_unless_sorted);
  }
}

bool ModelGraph::is_canonical() const {
  bool sorted = std::is_sorted(schemas.begin(), schemas.end(), by_name);
  const auto check = [&sorted](const auto& items, const auto& order) {
    sorted = sorted && std::is_sorted(items.begin(), items.end(), order);
  };
  for (const Schema& s : schemas) {
    for_each_ordered_list_of_schema(s, check);
    for (const Table& t : s.tables) for_each_ordered_list_of_table(t, check);
  }
  return sorted;
}

void ModelGraph::canonicalize_part(const std::string& schema, const std::string* table) {
  sort_unless_sorted(schemas, by_name);
  Schema* s = find_schema(schema);
  if (s == nullptr) return;
  sort_unless_sorted(s->enums, by_name);
  sort_unless_sorted(s->sql_objects, by_kind_table_and_name);
  if (table == nullptr) return;
  if (Table* t = s->find_table(*table)) for_each_ordered_list_of_table(*t, sort_unless_sorted);
}

std::string qualified(const std::string& schema, const std::string& table) { return schema + "." + table; }
std::string qualified(const std::string& schema, const std::string& table, const std::string& column) {
  return schema + "." + table + "." + column;
}

std::string to_string(SqlObjectKind kind) {
  switch (kind) {
    case SqlObjectKind::Function: return "function";
    case SqlObjectKind::View: return "view";
    case SqlObjectKind::Trigger: return "trigger";
  }
  return "view";
}

std::optional<SqlObjectKind> sql_object_kind_from_string(std::string_view text) {
  for (SqlObjectKind k : {SqlObjectKind::Function, SqlObjectKind::View, SqlObjectKind::Trigger})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

std::string describe(const std::string& schema, const SqlObject& object) {
  return to_string(object.kind) + " " + (object.table.empty() ? qualified(schema, object.name)
                                                              : qualified(schema, object.table, object.name));
}

std::string to_string(FkAction action) {
  switch (action) {
    case FkAction::NoAction: return "no action";
    case FkAction::Restrict: return "restrict";
    case FkAction::Cascade: return "cascade";
    case FkAction::SetNull: return "set null";
    case FkAction::SetDefault: return "set default";
  }
  return "no action";
}

std::optional<FkAction> fk_action_from_string(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (FkAction a :
       {FkAction::NoAction, FkAction::Restrict, FkAction::Cascade, FkAction::SetNull, FkAction::SetDefault})
    if (to_string(a) == lower) return a;
  return std::nullopt;
}

}  // namespace strata

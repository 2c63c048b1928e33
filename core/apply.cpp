#include "core/apply.hpp"

#include <algorithm>
#include <concepts>
#include <type_traits>
#include <unordered_map>

#include "core/enum_use.hpp"
#include "core/find_named.hpp"
#include "core/index_key.hpp"
#include "core/same_set.hpp"
#include "core/sql_type.hpp"

namespace strata {

// Index names are unique per schema: indexes, and the indexes of primary keys and unique
// constraints, which take their constraint's name. Looking a new name up in every table of the
// schema made a plan of n new indexes quadratic (bench/RESULTS.md, 20 000 tables); a batch of
// operations keeps each schema's names once read, adds what CreateTable / CreateIndex /
// AddPrimaryKey / AddUnique create, and forgets them all after any operation that could remove
// or rename one.
class IndexNames {
 public:
  enum Use : unsigned { kIndex = 1, kKeyIndex = 2 };

  // Whether `name` is used in `schema_name` as one of `uses`.
  bool used(const ModelGraph& graph, const std::string& schema_name, const std::string& name, unsigned uses) {
    auto [entry, inserted] = schemas_.try_emplace(schema_name);
    if (inserted) {
      if (const Schema* s = graph.find_schema(schema_name)) {
        for (const Table& t : s->tables) note(entry->second, t);
      }
    }
    const auto found = entry->second.find(name);
    return found != entry->second.end() && (found->second & uses) != 0;
  }

  // After `op` was applied.
  void follow(const Operation& op) {
    std::visit(
        [this](const auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, CreateTable>) {
            if (auto s = schemas_.find(o.schema); s != schemas_.end()) note(s->second, o.table);
          } else if constexpr (std::is_same_v<T, CreateIndex>) {
            if (auto s = schemas_.find(o.schema); s != schemas_.end()) s->second[o.index.name] |= kIndex;
          } else if constexpr (std::is_same_v<T, AddPrimaryKey>) {
            if (auto s = schemas_.find(o.schema); s != schemas_.end()) s->second[o.key.name] |= kKeyIndex;
          } else if constexpr (std::is_same_v<T, AddUnique>) {
            if (auto s = schemas_.find(o.schema); s != schemas_.end()) s->second[o.unique.name] |= kKeyIndex;
          } else if constexpr (!leaves_index_names<T>) {
            schemas_.clear();
          }
        },
        op);
  }

 private:
  using Names = std::unordered_map<std::string, unsigned>;

  // Operations that neither remove nor rename an index name (DropColumn refuses a column that
  // an index or key uses). Any other kind, a new one included, makes the batch read again.
  template <typename T>
  static constexpr bool leaves_index_names =
      std::is_same_v<T, CreateSchema> || std::is_same_v<T, CreateEnum> || std::is_same_v<T, AddEnumValue> ||
      std::is_same_v<T, AddColumn> || std::is_same_v<T, DropColumn> || std::is_same_v<T, RenameColumn> ||
      std::is_same_v<T, AlterColumn> || std::is_same_v<T, SetTableComment> || std::is_same_v<T, SetColumnComment> ||
      std::is_same_v<T, AddCheck> || std::is_same_v<T, DropCheck> || std::is_same_v<T, AddForeignKey> ||
      std::is_same_v<T, DropForeignKey>;

  static void note(Names& names, const Table& t) {
    for (const Index& i : t.indexes) names[i.name] |= kIndex;
    if (!t.primary_key.name.empty()) names[t.primary_key.name] |= kKeyIndex;
    for (const UniqueConstraint& u : t.uniques) names[u.name] |= kKeyIndex;
  }

  std::unordered_map<std::string, Names> schemas_;
};

namespace {

[[noreturn]] void fail(const Operation& op, const std::string& problem) {
  throw ApplyError("cannot apply \"" + describe(op) + "\": " + problem);
}

template <typename T>
bool has_named(const std::vector<T>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
}

template <typename T>
void erase_named(std::vector<T>& items, const std::string& name) {
  items.erase(std::remove_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; }),
              items.end());
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Where a sibling list (columns, enum labels) should receive a new item.
template <typename T, typename NameOf>
std::ptrdiff_t insertion_index(const Operation& op, const std::vector<T>& items, const Placement& placement,
                               NameOf name_of) {
  if (placement.kind == Placement::Kind::End) return static_cast<std::ptrdiff_t>(items.size());
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return name_of(item) == placement.anchor; });
  if (it == items.end()) fail(op, "the placement anchor \"" + placement.anchor + "\" does not exist");
  return (it - items.begin()) + (placement.kind == Placement::Kind::After ? 1 : 0);
}

// True when the item at `index` stands where `placement` says (the reverse check of insertion).
template <typename T, typename NameOf>
bool stands_at(const std::vector<T>& items, std::size_t index, const Placement& placement, NameOf name_of) {
  switch (placement.kind) {
    case Placement::Kind::End: return index + 1 == items.size();
    case Placement::Kind::Before: return index + 1 < items.size() && name_of(items[index + 1]) == placement.anchor;
    case Placement::Kind::After: return index > 0 && name_of(items[index - 1]) == placement.anchor;
  }
  return false;
}

// The player keeps every list in canonical order (its constructor establishes it), so a table is
// looked up by binary search and placed where the order puts it. Schema::find_table would also
// scan the whole list on a miss, which every "already exists" check meets, and appending then
// re-sorting checked the whole list per created table: both quadratic over a 20 000-table plan.
bool has_table(const Schema& schema, const std::string& name) {
  const auto at = lower_bound_named(schema.tables, name);
  return at != schema.tables.end() && at->name == name;
}

void insert_in_order(std::vector<Table>& tables, Table table) {
  const auto at = lower_bound_named(tables, table.name);
  tables.insert(at, std::move(table));
}

class Applier {
 public:
  Applier(ModelGraph& graph, const Operation& op, IndexNames& index_names)
      : g_(graph), op_(op), index_names_(index_names) {}

  void operator()(const CreateSchema& o) {
    if (o.schema.empty()) fail(op_, "empty schema name");
    if (g_.find_schema(o.schema)) fail(op_, "schema " + o.schema + " already exists");
    g_.schema(o.schema);
  }
  void operator()(const DropSchema& o) {
    const Schema& s = schema(o.schema);
    if (!s.tables.empty() || !s.enums.empty() || !s.sql_objects.empty())
      fail(op_, "schema " + o.schema + " is not empty");
    erase_named(g_.schemas, o.schema);
  }

  void operator()(const CreateEnum& o) {
    if (o.enum_type.labels.empty()) fail(op_, "an enum needs at least one label");
    Schema& s = schema_for_create(o.schema);
    if (s.find_enum(o.enum_type.name)) fail(op_, "enum " + qualified(o.schema, o.enum_type.name) + " already exists");
    s.enums.push_back(o.enum_type);
  }
  void operator()(const DropEnum& o) {
    Schema& s = schema(o.schema);
    const EnumType* e = s.find_enum(o.enum_type.name);
    if (!e) fail(op_, "enum " + qualified(o.schema, o.enum_type.name) + " does not exist");
    if (!(*e == o.enum_type)) fail(op_, "the enum's labels differ from the operation's");
    const auto uses = enum_uses(g_, o.schema, o.enum_type.name);
    if (!uses.empty())
      fail(op_, "column " + qualified(uses[0].schema, uses[0].table, uses[0].column) + " still uses it");
    erase_named(s.enums, o.enum_type.name);
  }
  void operator()(const AddEnumValue& o) {
    EnumType& e = enum_type(o.schema, o.enum_name);
    if (e.labels != o.labels_without) fail(op_, "the enum's labels differ from the operation's");
    if (contains(e.labels, o.value)) fail(op_, "label '" + o.value + "' already exists");
    auto at = insertion_index(op_, e.labels, o.placement, [](const std::string& l) { return l; });
    e.labels.insert(e.labels.begin() + at, o.value);
  }
  void operator()(const DropEnumValue& o) {
    EnumType& e = enum_type(o.schema, o.enum_name);
    auto it = std::find(e.labels.begin(), e.labels.end(), o.value);
    if (it == e.labels.end()) fail(op_, "label '" + o.value + "' does not exist");
    std::vector<std::string> without = e.labels;
    without.erase(without.begin() + (it - e.labels.begin()));
    if (without != o.labels_without) fail(op_, "the enum's labels differ from the operation's");
    if (without.empty()) fail(op_, "an enum needs at least one label");
    if (!stands_at(e.labels, static_cast<std::size_t>(it - e.labels.begin()), o.placement,
                   [](const std::string& l) { return l; }))
      fail(op_, "label '" + o.value + "' does not stand where the operation says");
    e.labels = std::move(without);
  }

  void operator()(const RenameEnum& o) {
    Schema& s = schema(o.schema);
    EnumType& e = enum_type(o.schema, o.from);
    if (o.to.empty()) fail(op_, "empty enum name");
    if (s.find_enum(o.to)) fail(op_, "enum " + qualified(o.schema, o.to) + " already exists");
    if (has_table(s, o.to))
      fail(op_, "table " + qualified(o.schema, o.to) + " already exists (its row type takes the name)");
    // Columns name the type by its spelling; the database follows the type itself.
    const std::string old_type = enum_sql_type(o.schema, o.from);
    const std::string new_type = enum_sql_type(o.schema, o.to);
    for (Schema& other : g_.schemas)
      for (Table& t : other.tables)
        for (Column& c : t.columns)
          if (uses_enum(c.type, o.schema, o.from)) c.type = new_type + c.type.substr(old_type.size());
    e.name = o.to;
  }
  void operator()(const RenameEnumValue& o) {
    EnumType& e = enum_type(o.schema, o.enum_name);
    auto it = std::find(e.labels.begin(), e.labels.end(), o.from);
    if (it == e.labels.end()) fail(op_, "label '" + o.from + "' does not exist");
    if (o.to.empty()) fail(op_, "empty label");
    if (contains(e.labels, o.to)) fail(op_, "label '" + o.to + "' already exists");
    *it = o.to;
  }

  void operator()(const CreateTable& o) {
    Schema& s = schema_for_create(o.schema);
    if (has_table(s, o.table.name)) fail(op_, "table " + qualified(o.schema, o.table.name) + " already exists");
    check_table_shape(o.schema, o.table);
    insert_in_order(s.tables, o.table);
  }
  void operator()(const DropTable& o) {
    const Table& t = table(o.schema, o.table.name);
    if (!(t == o.table)) fail(op_, "the table differs from the one the operation drops");
    for (const Schema& s : g_.schemas)
      for (const Table& other : s.tables)
        for (const ForeignKey& fk : other.foreign_keys)
          if (fk.ref_schema == o.schema && fk.ref_table == o.table.name &&
              !(s.name == o.schema && other.name == o.table.name))
            fail(op_, "foreign key " + fk.name + " on " + qualified(s.name, other.name) + " still references it");
    erase_named(schema(o.schema).tables, o.table.name);
  }
  void operator()(const RenameTable& o) {
    table(o.schema, o.from);
    if (o.to.empty()) fail(op_, "empty table name");
    if (has_table(schema(o.schema), o.to)) fail(op_, "table " + qualified(o.schema, o.to) + " already exists");
    std::vector<Table>& tables = schema(o.schema).tables;
    const auto renamed = lower_bound_named(tables, o.from);
    Table moved = std::move(*renamed);
    tables.erase(renamed);
    moved.name = o.to;
    insert_in_order(tables, std::move(moved));
    for (Schema& s : g_.schemas)
      for (Table& t : s.tables)
        for (ForeignKey& fk : t.foreign_keys)
          if (fk.ref_schema == o.schema && fk.ref_table == o.from) fk.ref_table = o.to;
  }

  void operator()(const SetTableSchema& o) {
    const Table moved = table(o.schema, o.table);
    Schema& target = schema(o.to_schema);
    if (has_table(target, o.table)) fail(op_, "table " + qualified(o.to_schema, o.table) + " already exists");
    // Its index-backed names move into the other schema's namespace with it.
    if (!moved.primary_key.name.empty()) check_free_index_name(o.to_schema, moved.primary_key.name);
    for (const auto& u : moved.uniques) check_free_index_name(o.to_schema, u.name);
    for (const auto& i : moved.indexes) check_free_index_name(o.to_schema, i.name);
    Schema& source = schema(o.schema);
    erase_named(source.tables, o.table);
    insert_in_order(target.tables, moved);
    for (Schema& s : g_.schemas)
      for (Table& t : s.tables)
        for (ForeignKey& fk : t.foreign_keys)
          if (fk.ref_schema == o.schema && fk.ref_table == o.table) fk.ref_schema = o.to_schema;
  }

  void operator()(const AddColumn& o) {
    Table& t = table(o.schema, o.table);
    if (o.column.name.empty()) fail(op_, "empty column name");
    if (t.find_column(o.column.name)) fail(op_, "column already exists");
    auto at = insertion_index(op_, t.columns, o.placement, [](const Column& c) { return c.name; });
    t.columns.insert(t.columns.begin() + at, o.column);
  }
  void operator()(const DropColumn& o) {
    Table& t = table(o.schema, o.table);
    const Column* c = t.find_column(o.column.name);
    if (!c) fail(op_, "column does not exist");
    if (!(*c == o.column)) fail(op_, "the column differs from the one the operation drops");
    const auto index = static_cast<std::size_t>(c - t.columns.data());
    if (!stands_at(t.columns, index, o.placement, [](const Column& col) { return col.name; }))
      fail(op_, "the column does not stand where the operation says");
    const std::string& name = o.column.name;
    if (contains(t.primary_key.columns, name)) fail(op_, "primary key " + t.primary_key.name + " uses the column");
    for (const auto& u : t.uniques)
      if (contains(u.columns, name)) fail(op_, "unique constraint " + u.name + " uses the column");
    for (const auto& i : t.indexes)
      if (contains(index_columns(i), name)) fail(op_, "index " + i.name + " uses the column");
    for (const auto& fk : t.foreign_keys)
      if (contains(fk.columns, name)) fail(op_, "foreign key " + fk.name + " uses the column");
    for (const Schema& s : g_.schemas)
      for (const Table& other : s.tables)
        for (const ForeignKey& fk : other.foreign_keys)
          if (fk.ref_schema == o.schema && fk.ref_table == o.table && contains(fk.ref_columns, name))
            fail(op_, "foreign key " + fk.name + " on " + qualified(s.name, other.name) + " references the column");
    t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(index));
  }
  void operator()(const RenameColumn& o) {
    Table& t = table(o.schema, o.table);
    if (!t.find_column(o.from)) fail(op_, "column " + o.from + " does not exist");
    if (o.to.empty()) fail(op_, "empty column name");
    if (t.find_column(o.to)) fail(op_, "column " + o.to + " already exists");
    t.find_column(o.from)->name = o.to;
    auto rename_in = [&](std::vector<std::string>& names) { std::replace(names.begin(), names.end(), o.from, o.to); };
    rename_in(t.primary_key.columns);
    for (auto& u : t.uniques) rename_in(u.columns);
    for (auto& i : t.indexes) {
      for (std::string& key : i.columns) key = rename_index_key_column(key, o.from, o.to);
      rename_in(i.include);
    }
    for (auto& fk : t.foreign_keys) rename_in(fk.columns);
    for (Schema& s : g_.schemas)
      for (Table& other : s.tables)
        for (ForeignKey& fk : other.foreign_keys)
          if (fk.ref_schema == o.schema && fk.ref_table == o.table) rename_in(fk.ref_columns);
  }
  void operator()(const AlterColumn& o) {
    Table& t = table(o.schema, o.table);
    Column* c = t.find_column(o.from.name);
    if (!c) fail(op_, "column does not exist");
    if (!(*c == o.from)) fail(op_, "the column differs from the operation's \"from\" side");
    if (o.from.name != o.to.name || o.from.comment != o.to.comment)
      fail(op_, "an alter changes neither the name nor the comment");
    if (o.changes == 0 || o.changes != column_changes(o.from, o.to))
      fail(op_, "the change bits do not match the difference between \"from\" and \"to\"");
    *c = o.to;
  }
  void operator()(const DistributeTable& o) {
    Table& t = table(o.schema, o.table);
    if (t.distribution) fail(op_, "the table is distributed already");
    t.distribution = o.distribution;
  }
  void operator()(const UndistributeTable& o) {
    Table& t = table(o.schema, o.table);
    if (t.distribution != o.distribution)
      fail(op_, "the table's distribution differs from the one the operation undoes");
    t.distribution.reset();
  }

  void operator()(const SetTableComment& o) {
    Table& t = table(o.schema, o.table);
    if (t.comment != o.from) fail(op_, "the current comment differs from the operation's \"from\" side");
    t.comment = o.to;
  }
  void operator()(const SetColumnComment& o) {
    Column* c = table(o.schema, o.table).find_column(o.column);
    if (!c) fail(op_, "column does not exist");
    if (c->comment != o.from) fail(op_, "the current comment differs from the operation's \"from\" side");
    c->comment = o.to;
  }

  void operator()(const AddPrimaryKey& o) {
    Table& t = table(o.schema, o.table);
    if (!t.primary_key.name.empty() || !t.primary_key.columns.empty()) fail(op_, "the table already has a primary key");
    check_columns(t, o.key.columns, "primary key");
    t.primary_key = o.key;
  }
  void operator()(const DropPrimaryKey& o) {
    Table& t = table(o.schema, o.table);
    if (!(t.primary_key == o.key)) fail(op_, "the table's primary key differs from the operation's");
    check_no_dependent_foreign_key(o.schema, t, o.key.columns, o.key.name);
    t.primary_key = PrimaryKey{};
  }
  void operator()(const AddUnique& o) {
    Table& t = table(o.schema, o.table);
    check_new_name(t, o.unique.name);
    check_columns(t, o.unique.columns, "unique constraint");
    t.uniques.push_back(o.unique);
  }
  void operator()(const DropUnique& o) {
    Table& t = table(o.schema, o.table);
    check_present(t.uniques, o.unique, "unique constraint");
    check_no_dependent_foreign_key(o.schema, t, o.unique.columns, o.unique.name);
    erase_named(t.uniques, o.unique.name);
  }
  void operator()(const AddCheck& o) {
    Table& t = table(o.schema, o.table);
    check_new_name(t, o.check.name);
    t.checks.push_back(o.check);
  }
  void operator()(const DropCheck& o) { erase_present(table(o.schema, o.table).checks, o.check, "check constraint"); }
  void operator()(const AddForeignKey& o) {
    Table& t = table(o.schema, o.table);
    check_new_name(t, o.foreign_key.name);
    check_foreign_key(o.schema, t, o.foreign_key);
    t.foreign_keys.push_back(o.foreign_key);
  }
  void operator()(const DropForeignKey& o) {
    erase_present(table(o.schema, o.table).foreign_keys, o.foreign_key, "foreign key");
  }
  void operator()(const CreateIndex& o) {
    Table& t = table(o.schema, o.table);
    if (index_names_.used(g_, o.schema, o.index.name, IndexNames::kIndex))
      fail(op_, "index " + qualified(o.schema, o.index.name) + " already exists");
    check_index_columns(t, o.index);
    t.indexes.push_back(o.index);
  }
  void operator()(const DropIndex& o) {
    Table& t = table(o.schema, o.table);
    check_present(t.indexes, o.index, "index");
    if (is_plain_unique_index(o.index)) check_no_dependent_foreign_key(o.schema, t, o.index.columns, o.index.name);
    erase_named(t.indexes, o.index.name);
  }
  void operator()(const RenameConstraint& o) {
    Table& t = table(o.schema, o.table);
    check_new_name(t, o.to);
    if (t.primary_key.name == o.from && !o.from.empty()) {
      check_free_index_name(o.schema, o.to);  // the key's index takes the new name too
      t.primary_key.name = o.to;
    } else if (auto u = find_named(t.uniques, o.from)) {
      check_free_index_name(o.schema, o.to);
      u->name = o.to;
    } else if (auto c = find_named(t.checks, o.from)) {
      c->name = o.to;
    } else if (auto fk = find_named(t.foreign_keys, o.from)) {
      fk->name = o.to;
    } else {
      fail(op_, "constraint " + o.from + " does not exist on " + t.name);
    }
  }
  void operator()(const RenameIndex& o) {
    Table& t = table(o.schema, o.table);
    Index* index = find_named(t.indexes, o.from);
    if (!index) fail(op_, "index " + o.from + " does not exist on " + t.name);
    if (o.to.empty()) fail(op_, "empty index name");
    check_free_index_name(o.schema, o.to);
    index->name = o.to;
  }

  void operator()(const SetRowSecurity& o) {
    Table& t = table(o.schema, o.table);
    if (t.row_security == o.enabled)
      fail(op_, std::string("row security is already ") + (o.enabled ? "enabled" : "disabled"));
    t.row_security = o.enabled;
  }
  void operator()(const CreatePolicy& o) {
    Table& t = table(o.schema, o.table);
    if (o.policy.name.empty()) fail(op_, "empty policy name");
    if (has_named(t.policies, o.policy.name)) fail(op_, "policy " + o.policy.name + " already exists on " + t.name);
    t.policies.push_back(o.policy);
  }
  void operator()(const DropPolicy& o) { erase_present(table(o.schema, o.table).policies, o.policy, "policy"); }

  void operator()(const CreateSqlObject& o) {
    Schema& s = schema_for_create(o.schema);
    if (o.object.name.empty()) fail(op_, "empty " + to_string(o.object.kind) + " name");
    if (s.find_sql_object(o.object.kind, o.object.table, o.object.name))
      fail(op_, describe(o.schema, o.object) + " already exists");
    if (o.object.kind == SqlObjectKind::Trigger) table(o.schema, o.object.table);
    s.sql_objects.push_back(o.object);
  }
  void operator()(const DropSqlObject& o) {
    auto& objects = schema(o.schema).sql_objects;
    auto it = std::find(objects.begin(), objects.end(), o.object);
    if (it == objects.end()) fail(op_, describe(o.schema, o.object) + " does not exist as the operation expects");
    objects.erase(it);
  }
  void operator()(const ReplaceSqlObject& o) {
    auto& objects = schema(o.schema).sql_objects;
    auto it = std::find(objects.begin(), objects.end(), o.from);
    if (it == objects.end()) fail(op_, describe(o.schema, o.from) + " does not exist as the operation expects");
    *it = o.to;
  }

 private:
  Schema& schema(const std::string& name) {
    Schema* s = g_.find_schema(name);
    if (!s) fail(op_, "schema " + name + " does not exist");
    return *s;
  }
  // "public" springs into existence with its first object (see apply.hpp).
  Schema& schema_for_create(const std::string& name) {
    if (name == "public") return g_.schema(name);
    return schema(name);
  }
  Table& table(const std::string& schema_name, const std::string& name) {
    Table* t = schema(schema_name).find_table(name);
    if (!t) fail(op_, "table " + qualified(schema_name, name) + " does not exist");
    return *t;
  }
  EnumType& enum_type(const std::string& schema_name, const std::string& name) {
    for (EnumType& e : schema(schema_name).enums)
      if (e.name == name) return e;
    fail(op_, "enum " + qualified(schema_name, name) + " does not exist");
  }

  void check_columns(const Table& t, const std::vector<std::string>& columns, const std::string& what) {
    if (columns.empty()) fail(op_, what + " without columns");
    for (const auto& c : columns)
      if (!t.find_column(c)) fail(op_, what + " names column " + c + ", which " + t.name + " does not have");
  }
  void check_index_columns(const Table& t, const Index& index) {
    if (index.columns.empty()) fail(op_, "index " + index.name + " without keys");
    const std::vector<std::string> columns = index_columns(index);
    if (!columns.empty()) check_columns(t, columns, "index " + index.name);
  }
  // Constraint names are unique per table in PostgreSQL (they share the table's namespace).
  void check_new_name(const Table& t, const std::string& name) {
    if (name.empty()) fail(op_, "empty constraint name");
    if ((t.primary_key.name == name) || has_named(t.uniques, name) || has_named(t.checks, name) ||
        has_named(t.foreign_keys, name))
      fail(op_, "constraint " + name + " already exists on " + t.name);
  }
  // Index names are unique per schema; primary keys and uniques own an index of their name.
  void check_free_index_name(const std::string& schema_name, const std::string& name) {
    schema(schema_name);  // fails when it does not exist
    if (index_names_.used(g_, schema_name, name, IndexNames::kIndex | IndexNames::kKeyIndex))
      fail(op_, "index " + qualified(schema_name, name) + " already exists");
  }
  template <typename T>
  void check_present(const std::vector<T>& items, const T& item, const std::string& what) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == item.name; });
    if (it == items.end()) fail(op_, what + " " + item.name + " does not exist");
    if (!(*it == item)) fail(op_, what + " " + item.name + " differs from the operation's");
  }
  // Removes `item` from `items`, where it must stand as the operation has it.
  template <typename T>
  void erase_present(std::vector<T>& items, const T& item, const std::string& what) {
    check_present(items, item, what);
    erase_named(items, item.name);
  }
  void check_foreign_key(const std::string& schema_name, const Table& t, const ForeignKey& fk) {
    check_columns(t, fk.columns, "foreign key " + fk.name);
    const Table* ref =
        (fk.ref_schema == schema_name && fk.ref_table == t.name) ? &t : g_.find_table(fk.ref_schema, fk.ref_table);
    if (!ref)
      fail(op_, "foreign key " + fk.name + " references " + qualified(fk.ref_schema, fk.ref_table) +
                    ", which does not exist");
    if (fk.ref_columns.size() != fk.columns.size())
      fail(op_, "foreign key " + fk.name + " has a different number of columns and referenced columns");
    check_columns(*ref, fk.ref_columns, "foreign key " + fk.name + " (referenced side)");
  }
  void check_table_shape(const std::string& schema_name, const Table& t) {
    if (t.name.empty()) fail(op_, "empty table name");
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      for (std::size_t j = i + 1; j < t.columns.size(); ++j)
        if (t.columns[i].name == t.columns[j].name) fail(op_, "column " + t.columns[i].name + " appears twice");
    if (!t.primary_key.columns.empty()) check_columns(t, t.primary_key.columns, "primary key");
    for (const auto& u : t.uniques) check_columns(t, u.columns, "unique constraint " + u.name);
    for (const auto& i : t.indexes) check_index_columns(t, i);
    for (const auto& fk : t.foreign_keys) check_foreign_key(schema_name, t, fk);
  }
  // PostgreSQL refuses to drop the key a foreign key rests on while the foreign key exists; a
  // key is what an FK rests on when it has the FK's referenced columns (in any order) and no
  // other key of the table offers them.
  void check_no_dependent_foreign_key(const std::string& schema_name, const Table& t,
                                      const std::vector<std::string>& key_columns, const std::string& key_name) {
    auto other_key_offers = [&](const std::vector<std::string>& cols) {
      if (t.primary_key.name != key_name && !t.primary_key.columns.empty() && same_set(t.primary_key.columns, cols))
        return true;
      for (const auto& u : t.uniques)
        if (u.name != key_name && same_set(u.columns, cols)) return true;
      for (const auto& i : t.indexes)
        if (is_plain_unique_index(i) && i.name != key_name && same_set(i.columns, cols)) return true;
      return false;
    };
    for (const Schema& s : g_.schemas)
      for (const Table& other : s.tables)
        for (const ForeignKey& fk : other.foreign_keys)
          if (fk.ref_schema == schema_name && fk.ref_table == t.name && same_set(fk.ref_columns, key_columns) &&
              !other_key_offers(fk.ref_columns))
            fail(op_, "foreign key " + fk.name + " on " + qualified(s.name, other.name) + " rests on it");
  }

  ModelGraph& g_;
  const Operation& op_;
  IndexNames& index_names_;
};

// Canonical order again after `op`, re-sorting only what `op` touched (the whole graph per
// operation made a plan of n operations on n tables quadratic). A dropped table or object leaves
// its list in order; a created, renamed or moved table was put in its place by the Applier.
void recanonicalize(ModelGraph& graph, const Operation& op) {
  std::visit(
      [&graph](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) {
          graph.canonicalize_part(o.schema, &o.table.name);
        } else if constexpr (std::is_same_v<T, RenameTable>) {
          graph.canonicalize_part(o.schema, &o.to);
        } else if constexpr (std::is_same_v<T, SetTableSchema>) {
          graph.canonicalize_part(o.to_schema, &o.table);
        } else if constexpr (requires {
                               { o.table } -> std::same_as<const std::string&>;
                             }) {
          graph.canonicalize_part(o.schema, &o.table);
        } else {
          graph.canonicalize_part(o.schema, nullptr);
        }
      },
      op);
}

// An operation that removes the last object of "public" removes its entry (see apply.hpp).
void drop_empty_public(ModelGraph& graph) {
  const Schema* s = graph.find_schema("public");
  if (s && s->tables.empty() && s->enums.empty() && s->sql_objects.empty()) erase_named(graph.schemas, std::string("public"));
}

void apply_one(ModelGraph& graph, const Operation& op, IndexNames& index_names) {
  // Every check runs before the first change, so a throwing operation leaves the graph intact.
  try {
    std::visit(Applier{graph, op, index_names}, op);
  } catch (...) {
    drop_empty_public(graph);  // a failed create in "public" may have made its entry
    throw;
  }
  drop_empty_public(graph);
  recanonicalize(graph, op);
  index_names.follow(op);
}

}  // namespace

OperationPlayer::OperationPlayer(ModelGraph& graph) : graph_(graph), index_names_(std::make_unique<IndexNames>()) {
  graph_.canonicalize();  // what the lookups and placements above rely on; a check when it already is
}
OperationPlayer::~OperationPlayer() = default;
void OperationPlayer::operator()(const Operation& op) { apply_one(graph_, op, *index_names_); }

void ApplyOperations::operator()(ModelGraph& graph, const Operation& op) const { OperationPlayer{graph}(op); }

void ApplyOperations::operator()(ModelGraph& graph, const std::vector<Operation>& ops) const {
  OperationPlayer play(graph);
  for (const Operation& op : ops) play(op);
}

}  // namespace strata

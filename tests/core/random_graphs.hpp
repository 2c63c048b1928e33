// Random model graphs and random mutations of them, seeded so a failure reproduces: the inputs of
// the property tests (diff_property_test, snapshot_test).
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/model_graph.hpp"
#include "core/sql_type.hpp"

namespace strata::test {

class RandomGraphs {
 public:
  explicit RandomGraphs(std::uint32_t seed) : rng_(seed) {}

  ModelGraph graph() {
    ModelGraph g;
    for (const char* schema : {"public", "audit", "billing"}) {
      if (std::string(schema) != "public" && !chance(0.5)) continue;
      Schema& s = g.schema(schema);
      for (int i = pick(0, 2); i > 0; --i) s.enums.push_back(random_enum(s));
      g.canonicalize();
    }
    for (int i = pick(1, 6); i > 0; --i) add_table(g);
    for (int i = pick(0, 4); i > 0; --i) add_foreign_key(g);
    tidy(g);
    return g;
  }

  // B = a random mutation of `a`; `hints` receives the renames' hints.
  ModelGraph mutate(const ModelGraph& a, RenameHints& hints) {
    ModelGraph b = a;
    for (int i = pick(1, 5); i > 0; --i) mutate_once(b, hints);
    // Citus, without drawing from rng_: the first reference table becomes plain, else the first
    // table becomes a reference table.
    Table* first = nullptr;
    for (Schema& s : b.schemas)
      for (Table& t : s.tables)
        if (!first || (t.distribution && !first->distribution)) first = &t;
    if (first && first->distribution)
      first->distribution.reset();
    else if (first)
      first->distribution = Distribution{Distribution::Kind::Reference, "", ""};
    tidy(b);
    return b;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T& any_of(std::vector<T>& items) {
    if (items.empty()) throw std::logic_error("any_of: empty list");
    return items[static_cast<std::size_t>(pick(0, static_cast<int>(items.size()) - 1))]; }
  std::string fresh(const std::string& prefix) { return prefix + std::to_string(counter_++); }

  EnumType random_enum(const Schema& s) {
    EnumType e{fresh("e"), {}};
    for (int i = pick(1, 4); i > 0; --i) e.labels.push_back(fresh("l"));
    (void)s;
    return e;
  }

  std::vector<std::string> enum_types(const ModelGraph& g) {
    std::vector<std::string> types;
    for (const Schema& s : g.schemas)
      for (const EnumType& e : s.enums) types.push_back(enum_sql_type(s.name, e.name));
    return types;
  }

  Column random_column(const ModelGraph& g) {
    static const std::vector<std::string> kTypes = {"text", "integer", "bigint", "boolean", "character varying(40)",
                                                    "numeric(10,2)", "timestamp with time zone", "integer[]"};
    Column c;
    c.name = fresh("c");
    std::vector<std::string> types = kTypes;
    for (const std::string& e : enum_types(g)) {
      types.push_back(e);
      types.push_back(e + "[]");
    }
    c.type = any_of(types);
    c.nullable = chance(0.4);
    if (chance(0.3)) c.default_expr = c.type == "text" ? "'x'" : "NULL";
    if (chance(0.3)) c.comment = fresh("comment ");
    return c;
  }

  Schema& random_schema(ModelGraph& g) {
    if (g.schemas.empty()) return g.schema("public");
    return any_of(g.schemas);
  }

  void add_table(ModelGraph& g) {
    Table t;
    t.name = fresh("t");
    Column id{"id", chance(0.5) ? "bigint" : "integer", false, std::nullopt, chance(0.5), std::nullopt};
    t.columns.push_back(id);
    for (int i = pick(0, 4); i > 0; --i) t.columns.push_back(random_column(g));
    if (chance(0.9)) t.primary_key = {"pk_" + t.name, {"id"}};
    for (std::size_t i = 1; i < t.columns.size(); ++i) {
      const std::string& c = t.columns[i].name;
      if (chance(0.2)) t.uniques.push_back({"uq_" + t.name + "_" + c, {c}});
      if (chance(0.2)) t.indexes.push_back({"ix_" + t.name + "_" + c, {c, "id"}, chance(0.3)});
      if (chance(0.15)) t.checks.push_back({"ck_" + t.name + "_" + c, c + " IS NOT NULL"});
    }
    if (chance(0.3)) t.comment = fresh("table comment ");
    // Citus, without drawing from rng_ (the other mutations' streams stay as they were).
    if (t.name.back() == '3') t.distribution = Distribution{Distribution::Kind::Reference, "", ""};
    random_schema(g).tables.push_back(std::move(t));
    g.canonicalize();
  }

  std::vector<std::pair<Schema*, Table*>> tables(ModelGraph& g) {
    std::vector<std::pair<Schema*, Table*>> all;
    for (Schema& s : g.schemas)
      for (Table& t : s.tables) all.push_back({&s, &t});
    return all;
  }

  void add_foreign_key(ModelGraph& g) {
    auto all = tables(g);
    if (all.empty()) return;
    auto [s, t] = any_of(all);
    std::vector<std::pair<Schema*, Table*>> keyed;
    for (auto& st : all)
      if (st.second->primary_key.columns == std::vector<std::string>{"id"}) keyed.push_back(st);
    if (keyed.empty() || t->columns.size() < 2) return;
    auto [rs, rt] = any_of(keyed);
    const std::string column = t->columns[static_cast<std::size_t>(pick(1, static_cast<int>(t->columns.size()) - 1))].name;
    const std::string name = fresh("fk_" + t->name + "_");
    t->foreign_keys.push_back({name, {column}, rs->name, rt->name, {"id"},
                               static_cast<FkAction>(pick(0, 4)), static_cast<FkAction>(pick(0, 4))});
    g.canonicalize();
  }

  // Removes a column and everything that names it, as a model author's edit would.
  static void remove_column(ModelGraph& g, const std::string& schema, Table& t, const std::string& column) {
    auto names = [&](const std::vector<std::string>& cols) { return std::count(cols.begin(), cols.end(), column) > 0; };
    if (names(t.primary_key.columns)) {
      t.primary_key = {};
      remove_references(g, schema, t.name, std::vector<std::string>{"id"});
    }
    std::erase_if(t.uniques, [&](const auto& u) { return names(u.columns); });
    std::erase_if(t.indexes, [&](const auto& i) { return names(i.columns); });
    std::erase_if(t.checks, [&](const auto& c) { return c.expression.find(column + " ") == 0; });
    std::erase_if(t.foreign_keys, [&](const auto& fk) { return names(fk.columns); });
    std::erase_if(t.columns, [&](const Column& c) { return c.name == column; });
  }

  static void remove_references(ModelGraph& g, const std::string& schema, const std::string& table,
                                std::optional<std::vector<std::string>> only_columns = std::nullopt) {
    for (Schema& s : g.schemas)
      for (Table& t : s.tables)
        std::erase_if(t.foreign_keys, [&](const ForeignKey& fk) {
          return fk.ref_schema == schema && fk.ref_table == table && (!only_columns || fk.ref_columns == *only_columns);
        });
  }

  static void drop_enum_uses(ModelGraph& g, const std::string& schema, const std::string& name) {
    const std::string type = enum_sql_type(schema, name);
    for (Schema& s : g.schemas)
      for (Table& t : s.tables)
        for (Column& c : t.columns)
          if (c.type.rfind(type, 0) == 0) {
            c.type = "text";
            c.default_expr.reset();
          }
  }

  void mutate_once(ModelGraph& g, RenameHints& hints) {
    auto all = tables(g);
    const int what = pick(0, 22);
    if (all.empty() && what > 1) {
      add_table(g);
      return;
    }
    switch (what) {
      case 0: add_table(g); break;
      case 1: {  // add a schema (sometimes empty) or an enum
        if (!g.find_schema("extra")) {
          g.schema("extra");
        } else {
          Schema& s = random_schema(g);
          s.enums.push_back(random_enum(s));
        }
        g.canonicalize();
        break;
      }
      case 2: {  // drop a table
        auto [s, t] = any_of(all);
        const std::string schema = s->name, name = t->name;
        remove_references(g, schema, name);
        std::erase_if(g.find_schema(schema)->tables, [&](const Table& x) { return x.name == name; });
        break;
      }
      case 3: {  // rename a table (with its hint)
        auto [s, t] = any_of(all);
        const std::string old_name = t->name, new_name = fresh("renamed");
        // Sometimes it also moves to another schema (issue 14: STRATA_RENAMED_FROM("schema.table")).
        const std::string old_schema = s->name;
        const std::string new_schema = chance(0.3) ? (old_schema == "extra" ? "public" : "extra") : old_schema;
        t->name = new_name;
        for (auto& [os, ot] : tables(g))
          for (ForeignKey& fk : ot->foreign_keys)
            if (fk.ref_schema == old_schema && fk.ref_table == old_name) {
              fk.ref_table = new_name;
              fk.ref_schema = new_schema;
            }
        hints.tables[qualified(new_schema, new_name)] = new_schema == old_schema ? old_name : qualified(old_schema, old_name);
        // Conventionally named objects follow the new name (a rename in place, not a rebuild).
        if (chance(0.7)) {
          auto follow = [&](std::string& name) {
            for (const char* kind : {"pk_", "uq_", "ix_", "ck_", "fk_"}) {
              const std::string old_prefix = kind + old_name;
              if (name == old_prefix || name.rfind(old_prefix + "_", 0) == 0) name = kind + new_name + name.substr(old_prefix.size());
            }
          };
          follow(t->primary_key.name);
          for (auto& u : t->uniques) follow(u.name);
          for (auto& c : t->checks) follow(c.name);
          for (auto& i : t->indexes) follow(i.name);
          for (auto& fk : t->foreign_keys) follow(fk.name);
        }
        if (new_schema != old_schema) {
          Table moved = *t;
          std::erase_if(g.find_schema(old_schema)->tables, [&](const Table& x) { return x.name == new_name; });
          g.schema(new_schema).tables.push_back(std::move(moved));
        }
        g.canonicalize();
        break;
      }
      case 4: {  // add a column somewhere
        auto [s, t] = any_of(all);
        Column c = random_column(g);
        t->columns.insert(t->columns.begin() + pick(0, static_cast<int>(t->columns.size())), c);
        break;
      }
      case 5: {  // drop a column
        auto [s, t] = any_of(all);
        if (t->columns.size() < 2) break;
        remove_column(g, s->name, *t, any_of(t->columns).name);
        break;
      }
      case 6: {  // rename a column (with its hint)
        auto [s, t] = any_of(all);
        Column& c = any_of(t->columns);
        const std::string old_name = c.name, new_name = fresh("rc");
        c.name = new_name;
        auto rename = [&](std::vector<std::string>& cols) { std::replace(cols.begin(), cols.end(), old_name, new_name); };
        rename(t->primary_key.columns);
        for (auto& u : t->uniques) rename(u.columns);
        for (auto& i : t->indexes) rename(i.columns);
        for (auto& fk : t->foreign_keys) rename(fk.columns);
        for (auto& [os, ot] : tables(g))
          for (ForeignKey& fk : ot->foreign_keys)
            if (fk.ref_schema == s->name && fk.ref_table == t->name) rename(fk.ref_columns);
        hints.columns[qualified(s->name, t->name, new_name)] = old_name;
        if (chance(0.7)) {  // conventional names follow the column
          auto follow = [&](std::string& name) {
            for (const char* kind : {"uq_", "ix_", "ck_"})
              if (name == kind + t->name + "_" + old_name) name = kind + t->name + "_" + new_name;
          };
          for (auto& u : t->uniques) follow(u.name);
          for (auto& check : t->checks) follow(check.name);
          for (auto& i : t->indexes) follow(i.name);
          for (auto& fk : t->foreign_keys)
            if (std::count(fk.columns.begin(), fk.columns.end(), new_name))
              fk.name = "fk_" + t->name + "_" + new_name + "_" + fk.ref_table;
          g.canonicalize();
        }
        break;
      }
      case 7: {  // change a column's type / nullability / default / identity
        auto [s, t] = any_of(all);
        Column& c = any_of(t->columns);
        switch (pick(0, 3)) {
          case 0: c.type = random_column(g).type; break;
          case 1: c.nullable = !c.nullable; break;
          case 2:
            if (c.default_expr) c.default_expr.reset();
            else c.default_expr = "NULL";
            break;
          case 3: c.identity = !c.identity; break;
        }
        break;
      }
      case 8: {  // comments
        auto [s, t] = any_of(all);
        if (chance(0.5)) t->comment = t->comment ? std::nullopt : std::optional<std::string>("it's new");
        else any_of(t->columns).comment = fresh("o'clock ");
        break;
      }
      case 9: {  // add or drop an index
        auto [s, t] = any_of(all);
        if (!t->indexes.empty() && chance(0.5)) t->indexes.erase(t->indexes.begin());
        else t->indexes.push_back({fresh("ix_" + t->name + "_"), {any_of(t->columns).name}, chance(0.5)});
        g.canonicalize();
        break;
      }
      case 10: {  // change an index (or unique) under the same name
        auto [s, t] = any_of(all);
        if (!t->indexes.empty()) t->indexes.front().unique = !t->indexes.front().unique;
        else if (!t->uniques.empty() && t->find_column("id")) t->uniques.front().columns.push_back("id");
        break;
      }
      case 11: {  // add or drop a unique constraint
        auto [s, t] = any_of(all);
        if (!t->uniques.empty() && chance(0.5)) t->uniques.erase(t->uniques.begin());
        else t->uniques.push_back({fresh("uq_" + t->name + "_"), {any_of(t->columns).name}});
        g.canonicalize();
        break;
      }
      case 12: {  // add, change or drop a check
        auto [s, t] = any_of(all);
        if (!t->checks.empty() && chance(0.5)) t->checks.front().expression += " AND true";
        else if (!t->checks.empty()) t->checks.erase(t->checks.begin());
        else t->checks.push_back({fresh("ck_"), "id > 0"});
        g.canonicalize();
        break;
      }
      case 13: add_foreign_key(g); break;
      case 14: {  // change or drop a foreign key
        auto [s, t] = any_of(all);
        if (t->foreign_keys.empty()) break;
        if (chance(0.5)) t->foreign_keys.front().on_delete = static_cast<FkAction>(pick(0, 4));
        else t->foreign_keys.erase(t->foreign_keys.begin());
        break;
      }
      case 15: {  // primary key: rename it, drop it, or add one
        auto [s, t] = any_of(all);
        if (t->primary_key.columns.empty()) t->primary_key = {fresh("pk_"), {"id"}};
        else if (chance(0.7)) t->primary_key.name = fresh("pk_");
        else if (t->find_column("id")) {
          // Dropping the key also drops the foreign keys that rest on it, unless a unique stays.
          bool other_key = false;
          for (const auto& u : t->uniques) other_key |= u.columns == std::vector<std::string>{"id"};
          for (const auto& i : t->indexes) other_key |= i.unique && i.columns == std::vector<std::string>{"id"};
          if (!other_key) remove_references(g, s->name, t->name, std::vector<std::string>{"id"});
          t->primary_key = {};
        }
        break;
      }
      case 16:
      case 17: {  // enum labels: add, drop or move
        Schema& s = random_schema(g);
        if (s.enums.empty()) break;
        EnumType& e = any_of(s.enums);
        const int how = pick(0, 3);
        if (how == 0) e.labels.insert(e.labels.begin() + pick(0, static_cast<int>(e.labels.size())), fresh("l"));
        else if (how == 1 && e.labels.size() > 1) e.labels.erase(e.labels.begin() + pick(0, static_cast<int>(e.labels.size()) - 1));
        else if (how == 2) std::rotate(e.labels.begin(), e.labels.begin() + 1, e.labels.end());
        else {  // rename a label (with its hint)
          std::string& label = e.labels[static_cast<std::size_t>(pick(0, static_cast<int>(e.labels.size()) - 1))];
          const std::string old_label = label;
          label = fresh("l");
          hints.enum_labels[qualified(s.name, e.name, label)] = old_label;
        }
        break;
      }
      case 22: {  // rename an enum (with its hint); its columns follow
        Schema& s = random_schema(g);
        if (s.enums.empty()) break;
        EnumType& e = any_of(s.enums);
        const std::string old_type = enum_sql_type(s.name, e.name);
        const std::string old_name = e.name;
        e.name = fresh("e");
        const std::string new_type = enum_sql_type(s.name, e.name);
        for (auto& [os, ot] : tables(g))
          for (Column& c : ot->columns)
            if (c.type.rfind(old_type, 0) == 0) c.type = new_type + c.type.substr(old_type.size());
        hints.enums[qualified(s.name, e.name)] = old_name;
        g.canonicalize();
        break;
      }
      case 18: {  // drop an enum (its columns become text)
        Schema& s = random_schema(g);
        if (s.enums.empty()) break;
        const std::string name = any_of(s.enums).name;
        drop_enum_uses(g, s.name, name);
        std::erase_if(g.find_schema(s.name)->enums, [&](const EnumType& e) { return e.name == name; });
        break;
      }
      case 19: {  // drop a whole schema other than public
        Schema& s = random_schema(g);
        if (s.name == "public") break;
        const std::string schema = s.name;
        for (const Table& t : s.tables) remove_references(g, schema, t.name);
        for (const EnumType& e : s.enums) drop_enum_uses(g, schema, e.name);
        std::erase_if(g.schemas, [&](const Schema& x) { return x.name == schema; });
        break;
      }
      case 20: {  // move a table to the front of the alphabet with a new FK to it (ordering)
        add_table(g);
        add_foreign_key(g);
        break;
      }
      case 21: {  // a self-reference
        auto [s, t] = any_of(all);
        if (t->primary_key.columns != std::vector<std::string>{"id"} || t->columns.size() < 2) break;
        t->foreign_keys.push_back({fresh("fk_self_"), {t->columns.back().name}, s->name, t->name, {"id"}, FkAction::SetNull,
                                   FkAction::NoAction});
        g.canonicalize();
        break;
      }
    }
  }

  // The canonical form: sorted, and no empty "public" entry (see apply.hpp).
  static void tidy(ModelGraph& g) {
    // Identity columns are NOT NULL without a default in PostgreSQL; keep generated ones so.
    for (Schema& s : g.schemas)
      for (Table& t : s.tables)
        for (Column& c : t.columns)
          if (c.identity) {
            c.nullable = false;
            c.default_expr.reset();
            if (c.type != "bigint" && c.type != "integer" && c.type != "smallint") c.identity = false;
          }
    std::erase_if(g.schemas, [](const Schema& s) { return s.name == "public" && s.tables.empty() && s.enums.empty(); });
    g.canonicalize();
  }

  std::mt19937 rng_;
  int counter_ = 0;

 public:
  // Row security (issue 14), drawn after the graph so the mutations above keep their sequence:
  // one table of `a` gains row security and a policy; the second graph drops, adds to or changes them.
  std::pair<ModelGraph, ModelGraph> row_security_pair(ModelGraph a) {
    auto all = tables(a);
    if (all.empty()) return {a, a};
    auto [s, t] = any_of(all);
    t->row_security = true;
    t->policies.push_back({fresh("pol_"), "ALL", "id > 0", std::nullopt, {}});
    a.canonicalize();
    ModelGraph b = a;
    Table& u = *b.find_table(s->name, t->name);
    switch (pick(0, 2)) {
      case 0:
        u.row_security = false;
        u.policies.clear();
        break;
      case 1: u.policies.push_back({fresh("pol_"), "INSERT", std::nullopt, "id > 0", {fresh("role_")}}); break;
      default: u.policies.front().using_expr = "id > 1"; break;
    }
    b.canonicalize();
    return {a, b};
  }

  // SQL objects (issue 14): a view on one table of `a` and a view on that view; the second graph
  // drops them, replaces the first (same select list), changes its select list (the view on it
  // goes and comes back), or changes a column type under it.
  std::pair<ModelGraph, ModelGraph> sql_object_pair(ModelGraph a) {
    auto all = tables(a);
    if (all.empty()) return {a, a};
    auto [s, t] = any_of(all);
    // A column of its own under the views, so that its type can change freely.
    const std::string schema = s->name, table_name = t->name, column = fresh("viewed_");
    t->columns.push_back({column, "text", true, std::nullopt});
    const std::string table = qualified(schema, table_name);
    const std::string v1 = fresh("view_"), v2 = fresh("view_");
    auto view = [&](const std::string& select, const std::string& where) {
      return SqlObject{SqlObjectKind::View, v1, "",
                       "VIEW " + qualified(schema, v1) + " AS SELECT " + select + " FROM " + table + " WHERE " + where,
                       {table}};
    };
    a.schema(schema).sql_objects = {view(column, "true"),
                                    {SqlObjectKind::View, v2, "", "VIEW " + qualified(schema, v2) + " AS SELECT 1",
                                     {qualified(schema, v1)}}};
    a.canonicalize();
    ModelGraph b = a;
    std::vector<SqlObject>& objects = b.schema(schema).sql_objects;
    const auto first = [&] {
      return std::find_if(objects.begin(), objects.end(), [&](const SqlObject& o) { return o.name == v1; });
    };
    switch (pick(0, 3)) {
      case 0: objects.clear(); break;
      case 1: *first() = view(column, "false"); break;
      case 2: *first() = view(column + ", 1 AS one", "true"); break;
      default: b.find_table(schema, table_name)->find_column(column)->type = "character varying(300)"; break;
    }
    b.canonicalize();
    return {a, b};
  }
};

}  // namespace strata::test

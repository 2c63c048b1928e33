#include "core/diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/apply.hpp"
#include "core/find_named.hpp"
#include "core/same_set.hpp"

namespace strata {
namespace {

using TableKey = std::pair<std::string, std::string>;  // schema, table

bool has_primary_key(const Table& t) { return !t.primary_key.name.empty() || !t.primary_key.columns.empty(); }

// A key a foreign key can rest on: primary key, unique constraint or unique index.
struct KeyRef {
  enum class Kind { PrimaryKey, Unique, UniqueIndex } kind;
  std::string name;
  std::vector<std::string> columns;
};

std::vector<KeyRef> keys_of(const Table& t) {
  std::vector<KeyRef> keys;
  if (has_primary_key(t)) keys.push_back({KeyRef::Kind::PrimaryKey, t.primary_key.name, t.primary_key.columns});
  for (const auto& u : t.uniques) keys.push_back({KeyRef::Kind::Unique, u.name, u.columns});
  for (const auto& i : t.indexes)
    if (i.unique) keys.push_back({KeyRef::Kind::UniqueIndex, i.name, i.columns});
  return keys;
}

// A key created inline with its table (an index is not: it follows the table).
bool has_constraint_key(const Table& t, const std::vector<std::string>& columns) {
  for (const KeyRef& k : keys_of(t))
    if (k.kind != KeyRef::Kind::UniqueIndex && same_set(k.columns, columns)) return true;
  return false;
}

bool has_label(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

// Longest common subsequence of two label lists: the labels an enum change keeps in place.
std::set<std::string> common_labels(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> len(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      len[i][j] = a[i] == b[j] ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
  std::set<std::string> kept;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      kept.insert(a[i]);
      ++i;
      ++j;
    } else if (len[i + 1][j] >= len[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return kept;
}

// Where the item at `index` stands: after its predecessor, else before its successor.
template <typename T, typename NameOf>
Placement placement_of(const std::vector<T>& items, std::size_t index, NameOf name_of) {
  if (index > 0) return {Placement::Kind::After, name_of(items[index - 1])};
  if (index + 1 < items.size()) return {Placement::Kind::Before, name_of(items[index + 1])};
  return {};
}

// Where the target list's item `index` goes, given that its predecessor in the target is
// already in place (items are added in target order): right after it, or first.
template <typename T, typename U, typename NameOf>
Placement placement_for(const std::vector<T>& target, std::size_t index, const std::vector<U>& current,
                        NameOf name_of) {
  if (index > 0) return {Placement::Kind::After, name_of(target[index - 1])};
  if (!current.empty()) return {Placement::Kind::Before, name_of(current.front())};
  return {};
}

class Planner {
 public:
  Planner(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints)
      : from_(from), to_(to), hints_(hints), work_(from) {}

  std::vector<Operation> run() {
    match_tables();
    emit_schema_and_enum_creates();
    emit_dependent_drops();
    emit_renames();
    emit_table_creates();
    emit_column_changes();
    emit_constraint_adds();
    emit_table_drops();
    emit_enum_and_schema_drops();
    return std::move(ops_);
  }

 private:
  // Every operation is played on `work_` as it is emitted, so each later decision sees the
  // graph exactly as the database will be at that point, and a misordered plan fails here.
  void emit(Operation op) {
    apply(work_, op);
    ops_.push_back(std::move(op));
  }

  // ---- matching -------------------------------------------------------------------------

  void match_tables() {
    std::set<TableKey> claimed;  // old tables a rename took
    for (const Schema& s : to_.schemas) {
      for (const Table& t : s.tables) {
        const TableKey key{s.name, t.name};
        if (from_.find_table(s.name, t.name)) {
          kept_old_name_[key] = t.name;
          continue;
        }
        auto hint = hints_.tables.find(qualified(s.name, t.name));
        if (hint != hints_.tables.end() && from_.find_table(s.name, hint->second) &&
            !to_.find_table(s.name, hint->second) && claimed.insert({s.name, hint->second}).second) {
          kept_old_name_[key] = hint->second;
          table_renames_.push_back(RenameTable{s.name, hint->second, t.name});
          continue;
        }
        new_tables_.insert(key);
      }
    }
    for (const Schema& s : from_.schemas)
      for (const Table& t : s.tables)
        if (!to_.find_table(s.name, t.name) && !claimed.count({s.name, t.name})) dropped_tables_.insert({s.name, t.name});

    for (const RenameTable& r : table_renames_) table_renamed_to_.emplace(TableKey{r.schema, r.from}, r.to);
    renamed_ = from_;
    apply(renamed_, std::vector<Operation>(table_renames_.begin(), table_renames_.end()));
    for (const auto& [key, old_name] : kept_old_name_) {
      const Table& before = *renamed_.find_table(key.first, key.second);
      const Table& after = *to_.find_table(key.first, key.second);
      std::set<std::string> claimed_columns;
      for (const Column& c : after.columns) {
        if (before.find_column(c.name)) continue;
        auto hint = hints_.columns.find(qualified(key.first, key.second, c.name));
        if (hint != hints_.columns.end() && before.find_column(hint->second) && !after.find_column(hint->second) &&
            claimed_columns.insert(hint->second).second)
          column_renames_.push_back(RenameColumn{key.first, key.second, hint->second, c.name});
      }
    }
    apply(renamed_, std::vector<Operation>(column_renames_.begin(), column_renames_.end()));
    match_renamed_names();
  }

  // The naming convention derives constraint and index names from table and column names, so
  // a renamed table or column changes them: an object whose definition is unchanged (compared
  // after the table and column renames) but whose name differs is renamed, not dropped and
  // rebuilt. Pairs are one-to-one, taken in name order; a new name still in use is not taken.
  // Foreign keys are paired last: whether one can stay depends on the keys it rests on.
  void match_renamed_names() {
    std::map<std::string, std::set<std::string>> index_names = index_names_in_use();
    for (const auto& [key, old_name] : kept_old_name_) {
      const Table& before = renamed_table(key);
      const Table& after = target_table(key);
      const NamesInUse taken{index_names[key.first], constraint_names_of(before)};
      auto rename_constraint = [&](const std::string& from, const std::string& to) {
        constraint_renames_.push_back(RenameConstraint{key.first, key.second, from, to});
      };
      if (!before.primary_key.name.empty() && !after.primary_key.name.empty() &&
          before.primary_key.name != after.primary_key.name &&
          before.primary_key.columns == after.primary_key.columns && !taken.count(after.primary_key.name))
        rename_constraint(before.primary_key.name, after.primary_key.name);
      pair_renamed(before.uniques, after.uniques, taken, rename_constraint);
      pair_renamed(before.checks, after.checks, taken, rename_constraint);
      pair_renamed(before.indexes, after.indexes, taken, [&](const std::string& from, const std::string& to) {
        index_renames_.push_back(RenameIndex{key.first, key.second, from, to});
      });
    }
    apply(renamed_, std::vector<Operation>(constraint_renames_.begin(), constraint_renames_.end()));
    apply(renamed_, std::vector<Operation>(index_renames_.begin(), index_renames_.end()));
    std::vector<RenameConstraint> fk_renames;
    index_names = index_names_in_use();
    for (const auto& [key, old_name] : kept_old_name_) {
      const Table& before = renamed_table(key);
      const Table& after = target_table(key);
      auto keeps_its_key = [&](const ForeignKey& fk) {
        const TableKey ref{fk.ref_schema, fk.ref_table};
        return !is_kept(ref) || rests_on_stable_key(ref, fk.ref_columns);
      };
      std::vector<ForeignKey> staying;
      for (const ForeignKey& fk : before.foreign_keys)
        if (keeps_its_key(fk)) staying.push_back(fk);
      const NamesInUse taken{index_names[key.first], constraint_names_of(before)};
      pair_renamed(staying, after.foreign_keys, taken, [&](const std::string& from, const std::string& to) {
        fk_renames.push_back(RenameConstraint{key.first, key.second, from, to});
      });
    }
    apply(renamed_, std::vector<Operation>(fk_renames.begin(), fk_renames.end()));
    constraint_renames_.insert(constraint_renames_.end(), fk_renames.begin(), fk_renames.end());
    for (const RenameConstraint& r : constraint_renames_) object_renamed_to_.emplace(std::tie(r.schema, r.table, r.from), r.to);
    for (const RenameIndex& r : index_renames_) object_renamed_to_.emplace(std::tie(r.schema, r.table, r.from), r.to);
  }

  // Constraint names of a table and index names of its schema in `renamed_` (where pk and
  // unique names count as index names too): a rename may not take one of them. The schema's
  // index names are gathered once per pass, not once per table, so matching stays linear.
  struct NamesInUse {
    const std::set<std::string>& index_names;  // of the table's schema
    std::set<std::string> constraint_names;    // checks and foreign keys of the table
    bool count(const std::string& name) const { return index_names.count(name) || constraint_names.count(name); }
  };

  std::map<std::string, std::set<std::string>> index_names_in_use() const {
    std::map<std::string, std::set<std::string>> names;
    for (const Schema& s : renamed_.schemas) {
      std::set<std::string>& mine = names[s.name];
      for (const Table& t : s.tables) {
        if (!t.primary_key.name.empty()) mine.insert(t.primary_key.name);
        for (const auto& u : t.uniques) mine.insert(u.name);
        for (const auto& i : t.indexes) mine.insert(i.name);
      }
    }
    return names;
  }

  static std::set<std::string> constraint_names_of(const Table& t) {
    std::set<std::string> names;
    for (const auto& c : t.checks) names.insert(c.name);
    for (const auto& fk : t.foreign_keys) names.insert(fk.name);
    return names;
  }

  // Pairs each item of `before` that `after` lacks with the first unclaimed item of `after`,
  // absent from `before`, of the same definition under another (free) name.
  template <typename T, typename OnPair>
  static void pair_renamed(const std::vector<T>& before, const std::vector<T>& after, const NamesInUse& taken,
                           OnPair on_pair) {
    std::set<std::string> claimed;
    for (const T& old_item : before) {
      if (!named_changes(after, old_item)) continue;
      for (const T& new_item : after) {
        if (new_item.name == old_item.name || taken.count(new_item.name) || claimed.count(new_item.name)) continue;
        T renamed = old_item;
        renamed.name = new_item.name;
        if (!(renamed == new_item)) continue;
        claimed.insert(new_item.name);
        on_pair(old_item.name, new_item.name);
        break;
      }
    }
  }

  // The name a constraint or index of kept table `new_key` has once the renames of step 3 ran.
  std::string name_after_renames(const TableKey& new_key, const std::string& name) const {
    auto it = object_renamed_to_.find(std::tie(new_key.first, new_key.second, name));
    return it == object_renamed_to_.end() ? name : it->second;
  }

  bool is_kept(const TableKey& new_key) const { return kept_old_name_.count(new_key) > 0; }

  // The name `from`'s table has after the renames (itself when not renamed).
  std::string renamed_name(const std::string& schema, const std::string& old_name) const {
    auto it = table_renamed_to_.find(TableKey{schema, old_name});
    return it == table_renamed_to_.end() ? old_name : it->second;
  }

  // ---- what changes on a kept table (compared after the renames) --------------------------

  const Table& renamed_table(const TableKey& new_key) const { return *renamed_.find_table(new_key.first, new_key.second); }
  const Table& target_table(const TableKey& new_key) const { return *to_.find_table(new_key.first, new_key.second); }

  bool key_dropped(const TableKey& new_key, const KeyRef& k) const {
    const Table& target = target_table(new_key);
    switch (k.kind) {
      case KeyRef::Kind::PrimaryKey: return !(renamed_table(new_key).primary_key == target.primary_key);
      case KeyRef::Kind::Unique: {
        const auto* mine = find_named(renamed_table(new_key).uniques, k.name);
        const auto* theirs = find_named(target.uniques, k.name);
        return !theirs || !(*mine == *theirs);
      }
      case KeyRef::Kind::UniqueIndex: {
        const auto* mine = find_named(renamed_table(new_key).indexes, k.name);
        const auto* theirs = find_named(target.indexes, k.name);
        return !theirs || !(*mine == *theirs);
      }
    }
    return true;
  }

  // A foreign key to a kept table may exist across this whole plan only when a key it can rest
  // on stays, and no key it might rest on is dropped (PostgreSQL would refuse that drop).
  bool rests_on_stable_key(const TableKey& ref_new_key, const std::vector<std::string>& ref_columns) const {
    bool stable = false;
    for (const KeyRef& k : keys_of(renamed_table(ref_new_key))) {
      if (!same_set(k.columns, ref_columns)) continue;
      if (key_dropped(ref_new_key, k)) return false;
      stable = true;
    }
    return stable;
  }

  // Foreign keys of a kept table to drop (step 2) and to add (step 6), by name.
  bool foreign_key_changes(const TableKey& new_key, const ForeignKey& fk) const {
    const auto* theirs = find_named(target_table(new_key).foreign_keys, fk.name);
    if (!theirs || !(*theirs == fk)) return true;
    const TableKey ref{fk.ref_schema, fk.ref_table};
    return is_kept(ref) && !rests_on_stable_key(ref, fk.ref_columns);
  }

  template <typename T>
  static bool named_changes(const std::vector<T>& target_items, const T& item) {
    const T* theirs = find_named(target_items, item.name);
    return !theirs || !(*theirs == item);
  }

  // ---- creation order ---------------------------------------------------------------------

  // `tables` of `graph` in foreign-key dependency order: a table comes after the tables it
  // references; among the ready ones the smallest (schema, name) goes first; a cycle is broken
  // at its smallest table.
  // Kept linear on large models: each table counts the distinct other tables of the set it still
  // waits for, and the ready ones wait in name order.
  static std::vector<TableKey> dependency_order(const ModelGraph& graph, const std::set<TableKey>& tables) {
    std::map<TableKey, std::size_t> waits_for;               // table -> other remaining tables it references
    std::map<TableKey, std::vector<TableKey>> referenced_by;  // table -> tables of the set waiting for it
    for (const TableKey& key : tables) {
      std::set<TableKey> refs;
      for (const ForeignKey& fk : graph.find_table(key.first, key.second)->foreign_keys) {
        const TableKey ref{fk.ref_schema, fk.ref_table};
        if (ref != key && tables.count(ref)) refs.insert(ref);
      }
      waits_for[key] = refs.size();
      for (const TableKey& ref : refs) referenced_by[ref].push_back(key);
    }
    std::set<TableKey> remaining = tables;
    std::set<TableKey> ready;
    for (const auto& [key, count] : waits_for)
      if (count == 0) ready.insert(key);
    std::vector<TableKey> order;
    while (!remaining.empty()) {
      const TableKey next = ready.empty() ? *remaining.begin() : *ready.begin();
      order.push_back(next);
      remaining.erase(next);
      ready.erase(next);
      for (const TableKey& waiting : referenced_by[next])
        if (remaining.count(waiting) && --waits_for[waiting] == 0) ready.insert(waiting);
    }
    return order;
  }

  static std::map<TableKey, std::size_t> positions_in(const std::vector<TableKey>& order) {
    std::map<TableKey, std::size_t> position;
    for (std::size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
    return position;
  }

  // Whether `fk` of table `key` (one of `batch`, at `position` in its order) is created/dropped
  // with its table: it references an earlier table of the batch by a constraint key (indexes
  // come later), or a kept table by a stable key.
  bool travels_with_table(const ModelGraph& graph, const std::map<TableKey, std::size_t>& position, const TableKey& key,
                          const ForeignKey& fk, const std::set<TableKey>& batch) const {
    const TableKey ref{fk.ref_schema, fk.ref_table};
    if (batch.count(ref)) {
      if (ref == key) return false;
      return position.at(ref) < position.at(key) &&
             has_constraint_key(*graph.find_table(ref.first, ref.second), fk.ref_columns);
    }
    const TableKey ref_new{ref.first, renamed_name(ref.first, ref.second)};
    return is_kept(ref_new) && rests_on_stable_key(ref_new, fk.ref_columns);
  }

  // ---- steps ------------------------------------------------------------------------------

  void emit_schema_and_enum_creates() {
    for (const Schema& s : to_.schemas)
      if (s.name != "public" && !from_.find_schema(s.name)) emit(CreateSchema{s.name});
    emit_enum_renames();
    // From here on `work_` holds the enums under their new names.
    auto current_enum = [&](const std::string& schema, const std::string& name) -> const EnumType* {
      const Schema* found = work_.find_schema(schema);
      return found ? found->find_enum(name) : nullptr;
    };
    for (const Schema& s : to_.schemas)
      for (const EnumType& e : s.enums)
        if (!current_enum(s.name, e.name)) emit(CreateEnum{s.name, e});
    for (const Schema& s : to_.schemas)
      for (const EnumType& e : s.enums) {
        const EnumType old = *current_enum(s.name, e.name);
        if (old.labels == e.labels) continue;
        const std::set<std::string> kept = common_labels(old.labels, e.labels);
        auto labels = [&]() { return work_.find_schema(s.name)->find_enum(e.name)->labels; };
        // A label that stays but moves cannot be moved: it is dropped here and added back in
        // its place below. Labels that go for good are dropped last (step 8).
        for (std::size_t i = 0; i < labels().size();) {
          const std::vector<std::string> current = labels();
          if (kept.count(current[i]) || !has_label(e.labels, current[i])) {
            ++i;
            continue;
          }
          std::vector<std::string> without = current;
          without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
          emit(DropEnumValue{s.name, e.name, current[i], placement_of(current, i, [](const std::string& l) { return l; }),
                             without, enum_uses(work_, s.name, e.name)});
        }
        for (std::size_t i = 0; i < e.labels.size(); ++i) {
          const std::vector<std::string> current = labels();
          if (has_label(current, e.labels[i])) continue;
          emit(AddEnumValue{s.name, e.name, e.labels[i],
                            placement_for(e.labels, i, current, [](const std::string& l) { return l; }), current,
                            enum_uses(work_, s.name, e.name)});
        }
      }
  }

  // STRATA_RENAMED_FROM on an enum or an enumerator: a hint is used like a table's (the old
  // name exists in `from`, is absent from `to`, and no other hint took it).
  void emit_enum_renames() {
    for (const Schema& s : to_.schemas) {
      const Schema* old_schema = from_.find_schema(s.name);
      if (!old_schema) continue;
      std::set<std::string> claimed;
      for (const EnumType& e : s.enums) {
        if (old_schema->find_enum(e.name)) continue;
        auto hint = hints_.enums.find(qualified(s.name, e.name));
        if (hint != hints_.enums.end() && old_schema->find_enum(hint->second) && !s.find_enum(hint->second) &&
            claimed.insert(hint->second).second)
          emit(RenameEnum{s.name, hint->second, e.name});
      }
    }
    for (const Schema& s : to_.schemas)
      for (const EnumType& e : s.enums) {
        const Schema* current = work_.find_schema(s.name);
        const EnumType* old = current ? current->find_enum(e.name) : nullptr;
        if (!old) continue;
        const std::vector<std::string> labels = old->labels;
        std::set<std::string> claimed;
        for (const std::string& label : e.labels) {
          if (has_label(labels, label)) continue;
          auto hint = hints_.enum_labels.find(qualified(s.name, e.name, label));
          if (hint != hints_.enum_labels.end() && has_label(labels, hint->second) && !has_label(e.labels, hint->second) &&
              claimed.insert(hint->second).second)
            emit(RenameEnumValue{s.name, e.name, hint->second, label});
        }
      }
  }

  void emit_dependent_drops() {
    dropped_order_ = dependency_order(from_, dropped_tables_);
    const std::map<TableKey, std::size_t> dropped_position = positions_in(dropped_order_);
    const ModelGraph snapshot = work_;  // iterate a stable copy: emit() re-sorts work_
    std::vector<Operation> fk_drops, index_drops, check_drops, unique_drops, pk_drops;
    for (const Schema& s : snapshot.schemas) {
      for (const Table& t : s.tables) {
        const TableKey old_key{s.name, t.name};
        if (dropped_tables_.count(old_key)) {
          for (const ForeignKey& fk : t.foreign_keys)
            if (!travels_with_table(from_, dropped_position, old_key, fk, dropped_tables_))
              fk_drops.push_back(DropForeignKey{s.name, t.name, fk});
          for (const Index& i : t.indexes) index_drops.push_back(DropIndex{s.name, t.name, i});
          continue;
        }
        const TableKey new_key{s.name, renamed_name(s.name, t.name)};
        const Table& target = target_table(new_key);
        const Table& renamed = renamed_table(new_key);
        // Decisions compare the renamed table with the target; the drops carry today's objects.
        // Renamed objects are looked up under their name after the renames.
        auto mine = [&](const auto& items, const auto& item) -> const auto& {
          return *find_named(items, name_after_renames(new_key, item.name));
        };
        for (const ForeignKey& fk : t.foreign_keys)
          if (foreign_key_changes(new_key, mine(renamed.foreign_keys, fk))) fk_drops.push_back(DropForeignKey{s.name, t.name, fk});
        for (const Index& i : t.indexes)
          if (named_changes(target.indexes, mine(renamed.indexes, i))) index_drops.push_back(DropIndex{s.name, t.name, i});
        for (const CheckConstraint& c : t.checks)
          if (named_changes(target.checks, mine(renamed.checks, c))) check_drops.push_back(DropCheck{s.name, t.name, c});
        for (const UniqueConstraint& u : t.uniques)
          if (named_changes(target.uniques, mine(renamed.uniques, u))) unique_drops.push_back(DropUnique{s.name, t.name, u});
        if (has_primary_key(t) && !(renamed.primary_key == target.primary_key))
          pk_drops.push_back(DropPrimaryKey{s.name, t.name, t.primary_key});
      }
    }
    for (auto* group : {&fk_drops, &index_drops, &check_drops, &unique_drops, &pk_drops})
      for (Operation& op : *group) emit(std::move(op));
  }

  void emit_renames() {
    std::vector<RenameTable> tables = table_renames_;
    std::sort(tables.begin(), tables.end(), [](const RenameTable& a, const RenameTable& b) {
      return std::tie(a.schema, a.to) < std::tie(b.schema, b.to);
    });
    for (const RenameTable& r : tables) emit(r);
    std::vector<RenameColumn> columns = column_renames_;
    std::sort(columns.begin(), columns.end(), [](const RenameColumn& a, const RenameColumn& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameColumn& r : columns) emit(r);
    std::vector<RenameConstraint> constraints = constraint_renames_;
    std::sort(constraints.begin(), constraints.end(), [](const RenameConstraint& a, const RenameConstraint& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameConstraint& r : constraints) emit(r);
    std::vector<RenameIndex> indexes = index_renames_;
    std::sort(indexes.begin(), indexes.end(), [](const RenameIndex& a, const RenameIndex& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameIndex& r : indexes) emit(r);
  }

  void emit_table_creates() {
    const std::vector<TableKey> order = dependency_order(to_, new_tables_);
    const std::map<TableKey, std::size_t> position = positions_in(order);
    for (const TableKey& key : order) {
      Table table = target_table(key);
      table.indexes.clear();
      std::vector<ForeignKey> inline_keys;
      for (const ForeignKey& fk : table.foreign_keys) {
        if (travels_with_table(to_, position, key, fk, new_tables_))
          inline_keys.push_back(fk);
        else
          deferred_foreign_keys_.push_back(AddForeignKey{key.first, key.second, fk});
      }
      table.foreign_keys = std::move(inline_keys);
      emit(CreateTable{key.first, std::move(table)});
    }
  }

  void emit_column_changes() {
    for (const Schema& s : to_.schemas) {
      for (const Table& target : s.tables) {
        const TableKey key{s.name, target.name};
        if (!is_kept(key)) continue;
        auto current = [&]() -> const Table& { return *work_.find_table(s.name, target.name); };
        for (std::size_t i = 0; i < target.columns.size(); ++i) {
          if (current().find_column(target.columns[i].name)) continue;
          emit(AddColumn{s.name, target.name, target.columns[i],
                         placement_for(target.columns, i, current().columns, [](const auto& c) { return c.name; })});
        }
        for (const Column& wanted : target.columns) {
          const Column now = *current().find_column(wanted.name);
          if (const unsigned changes = column_changes(now, wanted)) {
            Column altered = wanted;
            altered.comment = now.comment;
            emit(AlterColumn{s.name, target.name, now, altered, changes});
          }
          if (now.comment != wanted.comment)
            emit(SetColumnComment{s.name, target.name, wanted.name, now.comment, wanted.comment});
        }
        for (std::size_t i = 0; i < current().columns.size();) {
          const std::vector<Column>& columns = current().columns;
          if (target.find_column(columns[i].name)) {
            ++i;
            continue;
          }
          emit(DropColumn{s.name, target.name, columns[i], placement_of(columns, i, [](const auto& c) { return c.name; })});
        }
        if (current().comment != target.comment)
          emit(SetTableComment{s.name, target.name, current().comment, target.comment});
      }
    }
  }

  void emit_constraint_adds() {
    std::vector<Operation> fk_adds;
    for (const Schema& s : to_.schemas) {
      for (const Table& target : s.tables) {
        const TableKey key{s.name, target.name};
        if (!is_kept(key)) {
          for (const Index& i : target.indexes) emit(CreateIndex{s.name, target.name, i});
          continue;
        }
        const Table& renamed = renamed_table(key);
        if (has_primary_key(target) && !(renamed.primary_key == target.primary_key))
          emit(AddPrimaryKey{s.name, target.name, target.primary_key});
        for (const auto& u : target.uniques)
          if (named_changes(renamed.uniques, u)) emit(AddUnique{s.name, target.name, u});
        for (const auto& c : target.checks)
          if (named_changes(renamed.checks, c)) emit(AddCheck{s.name, target.name, c});
        for (const auto& i : target.indexes)
          if (named_changes(renamed.indexes, i)) emit(CreateIndex{s.name, target.name, i});
        for (const auto& fk : target.foreign_keys) {
          const ForeignKey* before = find_named(renamed.foreign_keys, fk.name);
          if (!before || foreign_key_changes(key, *before)) fk_adds.push_back(AddForeignKey{s.name, target.name, fk});
        }
      }
    }
    for (const AddForeignKey& fk : deferred_foreign_keys_) fk_adds.push_back(fk);
    std::sort(fk_adds.begin(), fk_adds.end(), [](const Operation& a, const Operation& b) {
      const auto& x = std::get<AddForeignKey>(a);
      const auto& y = std::get<AddForeignKey>(b);
      return std::tie(x.schema, x.table, x.foreign_key.name) < std::tie(y.schema, y.table, y.foreign_key.name);
    });
    for (Operation& op : fk_adds) emit(std::move(op));
  }

  void emit_table_drops() {
    for (auto it = dropped_order_.rbegin(); it != dropped_order_.rend(); ++it)
      emit(DropTable{it->first, *work_.find_table(it->first, it->second)});
  }

  void emit_enum_and_schema_drops() {
    const ModelGraph renamed_enums = work_;  // the enums under their names after step 1; stable while emit() runs
    for (const Schema& s : renamed_enums.schemas)
      for (const EnumType& old : s.enums) {
        const Schema* new_schema = to_.find_schema(s.name);
        const EnumType* wanted = new_schema ? new_schema->find_enum(old.name) : nullptr;
        if (!wanted) continue;
        for (std::size_t i = 0; i < work_.find_schema(s.name)->find_enum(old.name)->labels.size();) {
          const std::vector<std::string> labels = work_.find_schema(s.name)->find_enum(old.name)->labels;
          if (has_label(wanted->labels, labels[i])) {
            ++i;
            continue;
          }
          std::vector<std::string> without = labels;
          without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
          emit(DropEnumValue{s.name, old.name, labels[i], placement_of(labels, i, [](const std::string& l) { return l; }),
                             without, enum_uses(work_, s.name, old.name)});
        }
      }
    for (const Schema& s : renamed_enums.schemas) {
      const Schema* new_schema = to_.find_schema(s.name);
      for (const EnumType& old : s.enums)
        if (!new_schema || !new_schema->find_enum(old.name)) emit(DropEnum{s.name, old});
    }
    for (const Schema& s : from_.schemas)
      if (s.name != "public" && !to_.find_schema(s.name)) emit(DropSchema{s.name});
  }

  const ModelGraph& from_;
  const ModelGraph& to_;
  const RenameHints& hints_;
  ModelGraph work_;
  ModelGraph renamed_;  // `from` with the renames applied: what kept tables are compared as
  std::vector<Operation> ops_;

  std::map<TableKey, std::string> kept_old_name_;  // (schema, new name) -> old name
  std::vector<RenameTable> table_renames_;
  std::map<TableKey, std::string> table_renamed_to_;  // (schema, old name) -> new name, first rename wins
  std::vector<RenameColumn> column_renames_;
  std::vector<RenameConstraint> constraint_renames_;  // by table name after the table renames
  std::vector<RenameIndex> index_renames_;
  // (schema, table, old name) -> new name over the constraint, then the index renames: first wins.
  std::map<std::tuple<std::string, std::string, std::string>, std::string> object_renamed_to_;
  std::set<TableKey> new_tables_;      // by name in `to`
  std::set<TableKey> dropped_tables_;  // by name in `from`
  std::vector<TableKey> dropped_order_;
  std::vector<AddForeignKey> deferred_foreign_keys_;
};

}  // namespace

std::vector<Operation> diff(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints) {
  return Planner(from, to, hints).run();
}

}  // namespace strata

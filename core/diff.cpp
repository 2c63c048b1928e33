#include "core/diff.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/apply.hpp"
#include "core/candidate_key.hpp"
#include "core/dependency_order.hpp"
#include "core/find_named.hpp"
#include "core/rename_match.hpp"
#include "core/sql_object.hpp"

namespace strata {
namespace {

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

// The emitting phase of diff(): the operations of a match, in the steps of diff.hpp. Every
// operation is played on `work_` as it is emitted, so each later decision sees the graph exactly
// as the database will be at that point, and a misordered plan fails here.
class StepEmitter {
 public:
  StepEmitter(const ModelGraph& from, const ModelGraph& to, const RenameMatch& match)
      : from_(from), to_(to), match_(match), work_(from) {}

  std::vector<Operation> run() {
    emit_sql_object_drops();
    emit_schema_and_enum_creates();
    emit_dependent_drops();
    emit_renames();
    emit_table_creates();
    emit_distributions();
    emit_column_changes();
    emit_constraint_adds();
    emit_table_drops();
    emit_enum_and_schema_drops();
    return std::move(ops_);
  }

 private:
  void emit(Operation op) {
    play_(op);
    ops_.push_back(std::move(op));
  }

  // Whether `fk` of table `key` (one of `batch`, at `position` in its order) is created/dropped
  // with its table: it references an earlier table of the batch by a constraint key (indexes
  // come later), or a kept table by a stable key.
  bool travels_with_table(const ModelGraph& graph, const std::map<TableKey, std::size_t>& position, const TableKey& key,
                          const ForeignKey& fk, const std::set<TableKey>& batch) const {
    const TableKey ref{fk.ref_schema, fk.ref_table};
    // Citus: a table distributed after it got a foreign key is a Citus local table already.
    if (is_citus_table(graph, key) || is_citus_table(graph, ref)) return false;
    if (batch.count(ref)) {
      if (ref == key) return false;
      return position.at(ref) < position.at(key) &&
             has_constraint_key(*graph.find_table(ref.first, ref.second), fk.ref_columns);
    }
    const TableKey ref_new{ref.first, match_.renamed_name(ref.first, ref.second)};
    return match_.is_kept(ref_new) && match_.rests_on_stable_key(ref_new, fk.ref_columns);
  }

  static bool is_citus_table(const ModelGraph& graph, const TableKey& key) {
    const Table* table = graph.find_table(key.first, key.second);
    return table && table->distribution;
  }

  const EnumType* current_enum(const std::string& schema, const std::string& name) const {
    const Schema* found = work_.find_schema(schema);
    return found ? found->find_enum(name) : nullptr;
  }

  // Drops, one at a time from the front, the labels of enum `schema`.`name` (as `work_` has it)
  // that `drops` selects; each drop carries the list and uses its reverse needs.
  void drop_enum_labels(const std::string& schema, const std::string& name,
                        const std::function<bool(const std::string&)>& drops) {
    for (std::size_t i = 0; i < current_enum(schema, name)->labels.size();) {
      const std::vector<std::string> labels = current_enum(schema, name)->labels;
      if (!drops(labels[i])) {
        ++i;
        continue;
      }
      std::vector<std::string> without = labels;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      std::vector<EnumUse> uses = enum_uses(work_, schema, name);
      std::vector<EnumDependent> dependents = enum_dependents(work_, uses);
      emit(DropEnumValue{schema, name, labels[i], placement_of(labels, i, [](const std::string& l) { return l; }),
                         without, std::move(uses), std::move(dependents)});
    }
  }

  // ---- steps ------------------------------------------------------------------------------

  void emit_schema_and_enum_creates() {
    for (const Schema& s : to_.schemas)
      if (s.name != "public" && !from_.find_schema(s.name)) emit(CreateSchema{s.name});
    for (const RenameEnum& r : match_.enum_renames()) emit(r);
    for (const RenameEnumValue& r : match_.enum_label_renames()) emit(r);
    // From here on `work_` holds the enums under their new names.
    for (const Schema& s : to_.schemas)
      for (const EnumType& e : s.enums)
        if (!current_enum(s.name, e.name)) emit(CreateEnum{s.name, e});
    for (const Schema& s : to_.schemas)
      for (const EnumType& e : s.enums) {
        const EnumType old = *current_enum(s.name, e.name);
        if (old.labels == e.labels) continue;
        const std::set<std::string> kept = common_labels(old.labels, e.labels);
        // A label that stays but moves cannot be moved: it is dropped here and added back in
        // its place below. Labels that go for good are dropped last (step 8).
        drop_enum_labels(s.name, e.name,
                         [&](const std::string& label) { return !kept.count(label) && has_label(e.labels, label); });
        for (std::size_t i = 0; i < e.labels.size(); ++i) {
          const std::vector<std::string> current = current_enum(s.name, e.name)->labels;
          if (has_label(current, e.labels[i])) continue;
          std::vector<EnumUse> uses = enum_uses(work_, s.name, e.name);
          std::vector<EnumDependent> dependents = enum_dependents(work_, uses);
          emit(AddEnumValue{s.name, e.name, e.labels[i],
                            placement_for(e.labels, i, current, [](const std::string& l) { return l; }), current,
                            std::move(uses), std::move(dependents)});
        }
      }
  }

  void emit_dependent_drops() {
    dropped_order_ = dependency_order(from_, match_.dropped_tables());
    const std::map<TableKey, std::size_t> dropped_position = positions_in(dropped_order_);
    // Collected first and emitted after the loop: emit() re-sorts work_.
    std::vector<Operation> policy_drops, fk_drops, index_drops, check_drops, unique_drops, pk_drops;
    for (const Schema& s : work_.schemas) {
      for (const Table& t : s.tables) {
        const TableKey old_key{s.name, t.name};
        if (match_.dropped_tables().count(old_key)) {
          for (const ForeignKey& fk : t.foreign_keys)
            if (!travels_with_table(from_, dropped_position, old_key, fk, match_.dropped_tables()))
              fk_drops.push_back(DropForeignKey{s.name, t.name, fk});
          for (const Index& i : t.indexes) index_drops.push_back(DropIndex{s.name, t.name, i});
          continue;
        }
        const TableKey new_key{s.name, match_.renamed_name(s.name, t.name)};
        const Table& target = match_.target_table(new_key);
        const Table& renamed = match_.renamed_table(new_key);
        // Decisions compare the renamed table with the target; the drops carry today's objects.
        // Renamed objects are looked up under their name after the renames.
        auto mine = [&](const auto& items, const auto& item) -> const auto& {
          return *find_named(items, match_.name_after_renames(new_key, item.name));
        };
        // PostgreSQL refuses to change the type of a column a policy uses: the table's policies
        // are dropped and created again around a type change.
        const bool retyped = std::any_of(renamed.columns.begin(), renamed.columns.end(), [&](const Column& c) {
          const Column* wanted = target.find_column(c.name);
          return wanted && wanted->type != c.type;
        });
        for (const Policy& p : t.policies)
          if (retyped || named_changes(target.policies, p)) policy_drops.push_back(DropPolicy{s.name, t.name, p});
        for (const ForeignKey& fk : t.foreign_keys)
          if (match_.foreign_key_changes(new_key, mine(renamed.foreign_keys, fk)))
            fk_drops.push_back(DropForeignKey{s.name, t.name, fk});
        for (const Index& i : t.indexes)
          if (named_changes(target.indexes, mine(renamed.indexes, i)))
            index_drops.push_back(DropIndex{s.name, t.name, i});
        for (const CheckConstraint& c : t.checks)
          if (named_changes(target.checks, mine(renamed.checks, c)))
            check_drops.push_back(DropCheck{s.name, t.name, c});
        for (const UniqueConstraint& u : t.uniques)
          if (named_changes(target.uniques, mine(renamed.uniques, u)))
            unique_drops.push_back(DropUnique{s.name, t.name, u});
        if (has_primary_key(t) && !(renamed.primary_key == target.primary_key))
          pk_drops.push_back(DropPrimaryKey{s.name, t.name, t.primary_key});
      }
    }
    for (auto* group : {&policy_drops, &fk_drops, &index_drops, &check_drops, &unique_drops, &pk_drops})
      for (Operation& op : *group) emit(std::move(op));
  }

  void emit_renames() {
    std::vector<RenameTable> tables = match_.table_renames();
    std::sort(tables.begin(), tables.end(), [](const RenameTable& a, const RenameTable& b) {
      return std::tie(a.schema, a.to) < std::tie(b.schema, b.to);
    });
    for (const RenameTable& r : tables) emit(r);
    std::vector<RenameColumn> columns = match_.column_renames();
    std::sort(columns.begin(), columns.end(), [](const RenameColumn& a, const RenameColumn& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameColumn& r : columns) emit(r);
    std::vector<RenameConstraint> constraints = match_.constraint_renames();
    std::sort(constraints.begin(), constraints.end(), [](const RenameConstraint& a, const RenameConstraint& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameConstraint& r : constraints) emit(r);
    std::vector<RenameIndex> indexes = match_.index_renames();
    std::sort(indexes.begin(), indexes.end(), [](const RenameIndex& a, const RenameIndex& b) {
      return std::tie(a.schema, a.table, a.to) < std::tie(b.schema, b.table, b.to);
    });
    for (const RenameIndex& r : indexes) emit(r);
  }

  void emit_table_creates() {
    const std::vector<TableKey> order = dependency_order(to_, match_.new_tables());
    const std::map<TableKey, std::size_t> position = positions_in(order);
    for (const TableKey& key : order) {
      Table table = match_.target_table(key);
      table.indexes.clear();
      table.policies.clear();
      std::vector<ForeignKey> inline_keys;
      for (const ForeignKey& fk : table.foreign_keys) {
        if (travels_with_table(to_, position, key, fk, match_.new_tables()))
          inline_keys.push_back(fk);
        else
          deferred_foreign_keys_.push_back(AddForeignKey{key.first, key.second, fk});
      }
      table.foreign_keys = std::move(inline_keys);
      table.distribution.reset();  // emit_distributions() distributes it, before its foreign keys
      emit(CreateTable{key.first, std::move(table)});
    }
  }

  // Step 4b (Citus): undistribute kept tables whose distribution changes, then distribute new
  // and changed ones: reference tables first, then distributed tables, each after the table it
  // is colocated with.
  void emit_distributions() {
    std::vector<DistributeTable> pending;
    for (const Schema& s : to_.schemas)
      for (const Table& target : s.tables) {
        const Table& current = *work_.find_table(s.name, target.name);
        if (current.distribution == target.distribution) continue;
        if (current.distribution) emit(UndistributeTable{s.name, target.name, *current.distribution});
        if (target.distribution)
          pending.push_back(DistributeTable{s.name, target.name, *target.distribution,
                                            match_.new_tables().count({s.name, target.name}) != 0});
      }
    std::stable_partition(pending.begin(), pending.end(), [](const DistributeTable& d) {
      return d.distribution.kind == Distribution::Kind::Reference;
    });
    while (!pending.empty()) {
      auto waits = [&](const DistributeTable& d) {
        return std::any_of(pending.begin(), pending.end(), [&](const DistributeTable& other) {
          return &other != &d && qualified(other.schema, other.table) == d.distribution.colocate_with;
        });
      };
      auto ready = std::find_if(pending.begin(), pending.end(), [&](const DistributeTable& d) { return !waits(d); });
      if (ready == pending.end()) ready = pending.begin();  // a colocation cycle: a model error already
      emit(*ready);
      pending.erase(ready);
    }
  }

  void emit_column_changes() {
    for (const Schema& s : to_.schemas) {
      for (const Table& target : s.tables) {
        const TableKey key{s.name, target.name};
        if (!match_.is_kept(key)) continue;
        auto current = [&]() -> const Table& { return *work_.find_table(s.name, target.name); };
        if (current() == target) continue;  // no column or comment to change (most tables of an edit)
        // PostgreSQL cannot change a generated column's expression in place: the column is
        // dropped here and added back below (its values are computed again).
        for (const Column& wanted : target.columns) {
          const Column* now = current().find_column(wanted.name);
          if (now == nullptr || now->generated == wanted.generated) continue;
          const std::vector<Column>& columns = current().columns;
          const auto at = static_cast<std::size_t>(now - columns.data());
          emit(DropColumn{s.name, target.name, *now, placement_of(columns, at, [](const auto& c) { return c.name; })});
        }
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
          emit(DropColumn{s.name, target.name, columns[i],
                          placement_of(columns, i, [](const auto& c) { return c.name; })});
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
        if (!match_.is_kept(key)) {
          for (const Index& i : target.indexes) emit(CreateIndex{s.name, target.name, i});
          continue;
        }
        const Table& renamed = match_.renamed_table(key);
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
          if (!before || match_.foreign_key_changes(key, *before))
            fk_adds.push_back(AddForeignKey{s.name, target.name, fk});
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
    emit_row_security();
    emit_sql_object_creates();
  }

  // Last of step 6: a policy's expressions may name any column or table of the target.
  void emit_row_security() {
    for (const Schema& s : to_.schemas)
      for (const Table& target : s.tables) {
        auto current = [&]() -> const Table& { return *work_.find_table(s.name, target.name); };
        if (current().row_security != target.row_security)
          emit(SetRowSecurity{s.name, target.name, target.row_security});
        for (const Policy& p : target.policies)
          if (!find_named(current().policies, p.name)) emit(CreatePolicy{s.name, target.name, p});
      }
  }

  // Step 0: the SQL objects that go, in reverse dependency order, before anything they rest on
  // changes: removed ones, changed ones CREATE OR REPLACE cannot change, views and triggers on a
  // table that is dropped or whose columns change type, lose a column or get a new generation
  // expression (PostgreSQL refuses those under a view), and whatever rests on one of these.
  void emit_sql_object_drops() {
    std::set<std::string> reshaped;
    for (const Schema& s : from_.schemas)
      for (const Table& t : s.tables) {
        const TableKey old_key{s.name, t.name};
        if (match_.dropped_tables().count(old_key)) {
          reshaped.insert(qualified(s.name, t.name));
          continue;
        }
        const TableKey new_key{s.name, match_.renamed_name(s.name, t.name)};
        const Table& target = match_.target_table(new_key);
        for (const Column& c : match_.renamed_table(new_key).columns) {
          const Column* wanted = target.find_column(c.name);
          if (!wanted || wanted->type != c.type || wanted->generated != c.generated)
            reshaped.insert(qualified(s.name, t.name));
        }
      }
    const auto order = sql_objects_in_dependency_order(from_);
    std::set<std::string> gone;  // the views and functions that go
    std::vector<DropSqlObject> drops;
    for (const auto& [schema, object] : order) {
      const Schema* target_schema = to_.find_schema(schema);
      const SqlObject* target =
          target_schema ? target_schema->find_sql_object(object->kind, object->table, object->name) : nullptr;
      const auto rests_on = [&](const std::set<std::string>& names) {
        return std::any_of(object->depends.begin(), object->depends.end(),
                           [&](const std::string& d) { return names.count(d) != 0; });
      };
      const bool goes = !target || (target->definition != object->definition && !replaceable(*object, *target)) ||
                        (object->kind != SqlObjectKind::Function && rests_on(reshaped)) || rests_on(gone);
      if (!goes) continue;
      if (object->kind != SqlObjectKind::Trigger) gone.insert(qualified(schema, object->name));
      drops.push_back(DropSqlObject{schema, *object});
    }
    for (auto it = drops.rbegin(); it != drops.rend(); ++it) emit(*it);
  }

  // Last of step 6: SQL objects in dependency order, once every table and column is in place;
  // what step 0 dropped is created again.
  void emit_sql_object_creates() {
    for (const auto& [schema, object] : sql_objects_in_dependency_order(to_)) {
      const Schema* current_schema = work_.find_schema(schema);
      const SqlObject* current =
          current_schema ? current_schema->find_sql_object(object->kind, object->table, object->name) : nullptr;
      if (current == nullptr)
        emit(CreateSqlObject{schema, *object});
      else if (!(*current == *object))
        emit(ReplaceSqlObject{schema, *current, *object});
    }
  }

  void emit_table_drops() {
    for (auto it = dropped_order_.rbegin(); it != dropped_order_.rend(); ++it)
      emit(DropTable{it->first, *work_.find_table(it->first, it->second)});
  }

  void emit_enum_and_schema_drops() {
    // The enums under their names after step 1, by schema; stable while emit() runs.
    std::vector<std::pair<std::string, std::vector<EnumType>>> renamed_enums;
    for (const Schema& s : work_.schemas) renamed_enums.emplace_back(s.name, s.enums);
    for (const auto& [schema, enums] : renamed_enums)
      for (const EnumType& old : enums) {
        const Schema* new_schema = to_.find_schema(schema);
        const EnumType* wanted = new_schema ? new_schema->find_enum(old.name) : nullptr;
        if (!wanted) continue;
        drop_enum_labels(schema, old.name, [&](const std::string& label) { return !has_label(wanted->labels, label); });
      }
    for (const auto& [schema, enums] : renamed_enums) {
      const Schema* new_schema = to_.find_schema(schema);
      for (const EnumType& old : enums)
        if (!new_schema || !new_schema->find_enum(old.name)) emit(DropEnum{schema, old});
    }
    for (const Schema& s : from_.schemas)
      if (s.name != "public" && !to_.find_schema(s.name)) emit(DropSchema{s.name});
  }

  const ModelGraph& from_;
  const ModelGraph& to_;
  const RenameMatch& match_;
  ModelGraph work_;
  OperationPlayer play_{work_};  // the only writer of work_
  std::vector<Operation> ops_;
  std::vector<TableKey> dropped_order_;
  std::vector<AddForeignKey> deferred_foreign_keys_;
};

}  // namespace

namespace {

// STRATA_RENAMED_FROM("old_schema.old_table") on a table of another schema: the table moves
// (creating its new schema first) before the rest of the diff, which then sees it in its new
// schema, under its old name when it is renamed too (the hint, left bare, renames it there).
// Used under the conditions of any rename hint: the old table exists and is gone from `to`,
// the new one is new.
std::vector<Operation> table_moves(ModelGraph& from, const ModelGraph& to, RenameHints& hints) {
  std::vector<Operation> moves;
  for (auto it = hints.tables.begin(); it != hints.tables.end();) {
    const std::string& new_key = it->first;
    const std::size_t new_dot = new_key.find('.');
    const std::size_t old_dot = it->second.find('.');
    if (old_dot == std::string::npos || new_dot == std::string::npos) {
      ++it;
      continue;
    }
    const std::string schema = new_key.substr(0, new_dot), name = new_key.substr(new_dot + 1);
    const std::string old_schema = it->second.substr(0, old_dot), old_name = it->second.substr(old_dot + 1);
    const bool applies = old_schema != schema && from.find_table(old_schema, old_name) &&
                         !to.find_table(old_schema, old_name) && to.find_table(schema, name) &&
                         !from.find_table(schema, name) && !from.find_table(schema, old_name);
    if (!applies) {
      ++it;
      continue;
    }
    if (!from.find_schema(schema)) {
      moves.push_back(CreateSchema{schema});
      apply(from, moves.back());
    }
    moves.push_back(SetTableSchema{old_schema, old_name, schema});
    apply(from, moves.back());
    if (old_name == name) {
      it = hints.tables.erase(it);
    } else {
      it->second = old_name;
      ++it;
    }
  }
  return moves;
}

}  // namespace

std::vector<Operation> diff(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints) {
  // `check` and every build without a model change: nothing to match or emit, and no working
  // copy of the graph (a thousand tables) to find that out.
  if (from == to) return {};
  const bool moves_tables = std::any_of(hints.tables.begin(), hints.tables.end(),
                                        [](const auto& hint) { return hint.second.find('.') != std::string::npos; });
  if (!moves_tables) {
    const RenameMatch match(from, to, hints);
    return StepEmitter(from, to, match).run();
  }
  ModelGraph moved = from;
  RenameHints rest = hints;
  std::vector<Operation> ops = table_moves(moved, to, rest);
  const RenameMatch match(moved, to, rest);
  for (Operation& op : StepEmitter(moved, to, match).run()) ops.push_back(std::move(op));
  return ops;
}

}  // namespace strata

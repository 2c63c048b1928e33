#include "core/rename_match.hpp"

#include <algorithm>
#include <optional>

#include "core/apply.hpp"
#include "core/candidate_key.hpp"
#include "core/find_named.hpp"
#include "core/same_set.hpp"

namespace strata {
namespace {

bool has_label(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

// Constraint names of a table and index names of its schema (where pk and unique names count as
// index names too): a rename may not take one of them. The schema's index names are gathered
// once per pass, not once per table, so matching stays linear.
struct NamesInUse {
  const std::set<std::string>& index_names;  // of the table's schema
  std::set<std::string> constraint_names;    // checks and foreign keys of the table
  bool count(const std::string& name) const { return index_names.count(name) || constraint_names.count(name); }
};

std::map<std::string, std::set<std::string>> index_names_in_use(const ModelGraph& graph) {
  std::map<std::string, std::set<std::string>> names;
  for (const Schema& s : graph.schemas) {
    std::set<std::string>& mine = names[s.name];
    for (const Table& t : s.tables) {
      if (!t.primary_key.name.empty()) mine.insert(t.primary_key.name);
      for (const auto& u : t.uniques) mine.insert(u.name);
      for (const auto& i : t.indexes) mine.insert(i.name);
    }
  }
  return names;
}

std::set<std::string> constraint_names_of(const Table& t) {
  std::set<std::string> names;
  for (const auto& c : t.checks) names.insert(c.name);
  for (const auto& fk : t.foreign_keys) names.insert(fk.name);
  return names;
}

// Pairs each item of `before` that `after` lacks with the first unclaimed item of `after`,
// absent from `before`, of the same definition under another (free) name.
template <typename T, typename OnPair>
void pair_renamed(const std::vector<T>& before, const std::vector<T>& after, const NamesInUse& taken, OnPair on_pair) {
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

}  // namespace

RenameMatch::RenameMatch(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints)
    : from_(from), to_(to), hints_(hints) {
  match_enums();
  match_tables();
  match_columns();
  match_renamed_names();
}

template <typename Rename>
void RenameMatch::apply_renames(const std::vector<Rename>& renames) {
  if (renames.empty()) return;
  if (!renamed_) renamed_ = from_;
  apply(*renamed_, std::vector<Operation>(renames.begin(), renames.end()));
}

void RenameMatch::match_enums() {
  for (const Schema& s : to_.schemas) {
    const Schema* old_schema = from_.find_schema(s.name);
    if (!old_schema) continue;
    std::set<std::string> claimed;
    for (const EnumType& e : s.enums) {
      if (old_schema->find_enum(e.name)) continue;
      auto hint = hints_.enums.find(qualified(s.name, e.name));
      if (hint != hints_.enums.end() && old_schema->find_enum(hint->second) && !s.find_enum(hint->second) &&
          claimed.insert(hint->second).second)
        enum_renames_.push_back(RenameEnum{s.name, hint->second, e.name});
    }
  }
  for (const Schema& s : to_.schemas)
    for (const EnumType& e : s.enums) {
      const EnumType* old = enum_continued_by(s.name, e.name);
      if (!old) continue;
      std::set<std::string> claimed;
      for (const std::string& label : e.labels) {
        if (has_label(old->labels, label)) continue;
        auto hint = hints_.enum_labels.find(qualified(s.name, e.name, label));
        if (hint != hints_.enum_labels.end() && has_label(old->labels, hint->second) &&
            !has_label(e.labels, hint->second) && claimed.insert(hint->second).second)
          enum_label_renames_.push_back(RenameEnumValue{s.name, e.name, hint->second, label});
      }
    }
}

// The enum of `from` that `to`'s enum `new_name` continues: the one of that name (a rename never
// takes it: its old name is absent from `to`), else the one renamed to it.
const EnumType* RenameMatch::enum_continued_by(const std::string& schema, const std::string& new_name) const {
  const Schema* old_schema = from_.find_schema(schema);
  if (!old_schema) return nullptr;
  if (const EnumType* same = old_schema->find_enum(new_name)) return same;
  for (const RenameEnum& r : enum_renames_)
    if (r.schema == schema && r.to == new_name) return old_schema->find_enum(r.from);
  return nullptr;
}

void RenameMatch::match_tables() {
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
  apply_renames(table_renames_);
}

void RenameMatch::match_columns() {
  for (const auto& [key, old_name] : kept_old_name_) {
    const Table& before = renamed_table(key);
    const Table& after = target_table(key);
    std::set<std::string> claimed_columns;
    for (const Column& c : after.columns) {
      if (before.find_column(c.name)) continue;
      auto hint = hints_.columns.find(qualified(key.first, key.second, c.name));
      if (hint != hints_.columns.end() && before.find_column(hint->second) && !after.find_column(hint->second) &&
          claimed_columns.insert(hint->second).second)
        column_renames_.push_back(RenameColumn{key.first, key.second, hint->second, c.name});
    }
  }
  apply_renames(column_renames_);
}

// The naming convention derives constraint and index names from table and column names, so a
// renamed table or column changes them. Pairs are one-to-one, taken in name order; a new name
// still in use is not taken. Foreign keys are paired last: whether one can stay depends on the
// keys it rests on.
void RenameMatch::match_renamed_names() {
  // Gathered when a first table differs: in an edit, one table of a thousand.
  std::optional<std::map<std::string, std::set<std::string>>> index_names;
  const auto index_names_of = [&](const std::string& schema) -> const std::set<std::string>& {
    if (!index_names) index_names = index_names_in_use(renamed());
    return (*index_names)[schema];
  };
  for (const auto& [key, old_name] : kept_old_name_) {
    const Table& before = renamed_table(key);
    const Table& after = target_table(key);
    if (before == after) continue;  // nothing renamed (most tables of an edit)
    const NamesInUse taken{index_names_of(key.first), constraint_names_of(before)};
    auto rename_constraint = [&](const std::string& from, const std::string& to) {
      constraint_renames_.push_back(RenameConstraint{key.first, key.second, from, to});
    };
    if (!before.primary_key.name.empty() && !after.primary_key.name.empty() &&
        before.primary_key.name != after.primary_key.name && before.primary_key.columns == after.primary_key.columns &&
        !taken.count(after.primary_key.name))
      rename_constraint(before.primary_key.name, after.primary_key.name);
    pair_renamed(before.uniques, after.uniques, taken, rename_constraint);
    pair_renamed(before.checks, after.checks, taken, rename_constraint);
    pair_renamed(before.indexes, after.indexes, taken, [&](const std::string& from, const std::string& to) {
      index_renames_.push_back(RenameIndex{key.first, key.second, from, to});
    });
  }
  apply_renames(constraint_renames_);
  apply_renames(index_renames_);
  std::vector<RenameConstraint> fk_renames;
  if (!constraint_renames_.empty() || !index_renames_.empty()) index_names.reset();  // renamed above
  for (const auto& [key, old_name] : kept_old_name_) {
    const Table& before = renamed_table(key);
    const Table& after = target_table(key);
    if (before == after) continue;  // each key pairs with its identical self, whatever its footing
    // A foreign key dropped and added again (foreign_key_changes) is added under its new name.
    std::vector<ForeignKey> staying;
    for (const ForeignKey& fk : before.foreign_keys)
      if (!loses_its_footing(key, fk)) staying.push_back(fk);
    const NamesInUse taken{index_names_of(key.first), constraint_names_of(before)};
    pair_renamed(staying, after.foreign_keys, taken, [&](const std::string& from, const std::string& to) {
      fk_renames.push_back(RenameConstraint{key.first, key.second, from, to});
    });
  }
  apply_renames(fk_renames);
  constraint_renames_.insert(constraint_renames_.end(), fk_renames.begin(), fk_renames.end());
  for (const RenameConstraint& r : constraint_renames_)
    object_renamed_to_.emplace(std::tie(r.schema, r.table, r.from), r.to);
  for (const RenameIndex& r : index_renames_) object_renamed_to_.emplace(std::tie(r.schema, r.table, r.from), r.to);
}

std::string RenameMatch::renamed_name(const std::string& schema, const std::string& old_name) const {
  auto it = table_renamed_to_.find(TableKey{schema, old_name});
  return it == table_renamed_to_.end() ? old_name : it->second;
}

std::string RenameMatch::name_after_renames(const TableKey& new_key, const std::string& name) const {
  auto it = object_renamed_to_.find(std::tie(new_key.first, new_key.second, name));
  return it == object_renamed_to_.end() ? name : it->second;
}

const Table& RenameMatch::renamed_table(const TableKey& new_key) const {
  return *renamed().find_table(new_key.first, new_key.second);
}
const Table& RenameMatch::target_table(const TableKey& new_key) const {
  return *to_.find_table(new_key.first, new_key.second);
}

bool RenameMatch::rests_on_stable_key(const TableKey& ref_new_key, const std::vector<std::string>& ref_columns) const {
  const Table& renamed = renamed_table(ref_new_key);
  const Table& target = target_table(ref_new_key);
  auto dropped = [&](const CandidateKey& k) {
    switch (k.kind) {
      case CandidateKey::Kind::PrimaryKey: return !(renamed.primary_key == target.primary_key);
      case CandidateKey::Kind::Unique: return named_changes(target.uniques, *find_named(renamed.uniques, k.name));
      case CandidateKey::Kind::UniqueIndex: return named_changes(target.indexes, *find_named(renamed.indexes, k.name));
    }
    return true;
  };
  bool stable = false;
  for (const CandidateKey& k : candidate_keys(renamed)) {
    if (!same_set(k.columns, ref_columns)) continue;
    if (dropped(k)) return false;
    stable = true;
  }
  return stable;
}

bool RenameMatch::foreign_key_changes(const TableKey& new_key, const ForeignKey& fk) const {
  return named_changes(target_table(new_key).foreign_keys, fk) || loses_its_footing(new_key, fk);
}

bool RenameMatch::loses_its_footing(const TableKey& new_key, const ForeignKey& fk) const {
  const TableKey ref{fk.ref_schema, fk.ref_table};
  return redistributed(new_key) || (is_kept(ref) && (redistributed(ref) || !rests_on_stable_key(ref, fk.ref_columns)));
}

bool RenameMatch::redistributed(const TableKey& new_key) const {
  return is_kept(new_key) && !(renamed_table(new_key).distribution == target_table(new_key).distribution);
}

}  // namespace strata

// The matching phase of diff(): which tables of `to` continue a table of `from` (kept under the
// same name, or renamed by a hint), which are new and which are dropped, and the renames that
// turn `from`'s names into `to`'s:
//   - tables, columns, enums and enum labels named by RenameHints: a hint is used when the new
//     name is absent from `from`, the old one exists in `from` and is absent from `to`, and no
//     other hint took it; otherwise the change is a drop plus a create;
//   - constraints and indexes of kept tables whose conventional names follow a renamed table or
//     column: an object whose definition is unchanged after the table and column renames but
//     whose name differs is renamed, not rebuilt.
// Matching decides nothing about order and emits nothing: diff() turns a match into operations.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"
#include "core/table_key.hpp"

namespace strata {

class RenameMatch {
 public:
  RenameMatch(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints);

  // Renames in the order they were matched (`to`'s schemas, then objects, in canonical order).
  // Constraint and index renames name the table by its new name.
  const std::vector<RenameEnum>& enum_renames() const { return enum_renames_; }
  const std::vector<RenameEnumValue>& enum_label_renames() const { return enum_label_renames_; }
  const std::vector<RenameTable>& table_renames() const { return table_renames_; }
  const std::vector<RenameColumn>& column_renames() const { return column_renames_; }
  const std::vector<RenameConstraint>& constraint_renames() const { return constraint_renames_; }
  const std::vector<RenameIndex>& index_renames() const { return index_renames_; }

  const std::set<TableKey>& new_tables() const { return new_tables_; }          // by name in `to`
  const std::set<TableKey>& dropped_tables() const { return dropped_tables_; }  // by name in `from`
  // Whether `to`'s table `new_key` continues a table of `from`.
  bool is_kept(const TableKey& new_key) const { return kept_old_name_.count(new_key) > 0; }
  // The name `from`'s table has after the renames (itself when not renamed).
  std::string renamed_name(const std::string& schema, const std::string& old_name) const;
  // The name a constraint or index of kept table `new_key` has once the renames ran.
  std::string name_after_renames(const TableKey& new_key, const std::string& name) const;

  // Kept table `new_key` as `from` has it with every rename applied (what it is compared as),
  // and as `to` wants it.
  const Table& renamed_table(const TableKey& new_key) const;
  const Table& target_table(const TableKey& new_key) const;

  // A foreign key to kept table `ref_new_key` may exist across the whole diff only when a key it
  // can rest on stays, and no key it might rest on is dropped (PostgreSQL would refuse that drop).
  bool rests_on_stable_key(const TableKey& ref_new_key, const std::vector<std::string>& ref_columns) const;
  // Whether foreign key `fk` of kept table `new_key` (as renamed) is dropped and added again: it
  // changes, the key it rests on may go, or its table or the one it references changes Citus
  // distribution (Citus refuses to undistribute or distribute a table a foreign key ties to another).
  bool foreign_key_changes(const TableKey& new_key, const ForeignKey& fk) const;

 private:
  void match_enums();
  void match_tables();
  void match_columns();
  void match_renamed_names();
  const EnumType* enum_continued_by(const std::string& schema, const std::string& new_name) const;
  // Whether foreign key `fk` of kept table `new_key` (as renamed) must be dropped and added again
  // whatever its definition: the key it rests on may go, or a table it ties changes distribution.
  bool loses_its_footing(const TableKey& new_key, const ForeignKey& fk) const;
  // Whether kept table `new_key` changes its Citus distribution.
  bool redistributed(const TableKey& new_key) const;

  const ModelGraph& from_;
  const ModelGraph& to_;
  const RenameHints& hints_;
  // `from` with the table, column, constraint and index renames applied: `from` itself until a
  // rename is (most diffs rename nothing, and the copy is of the whole graph).
  const ModelGraph& renamed() const { return renamed_ ? *renamed_ : from_; }
  template <typename Rename>
  void apply_renames(const std::vector<Rename>& renames);
  std::optional<ModelGraph> renamed_;

  std::vector<RenameEnum> enum_renames_;
  std::vector<RenameEnumValue> enum_label_renames_;
  std::map<TableKey, std::string> kept_old_name_;  // (schema, new name) -> old name
  std::vector<RenameTable> table_renames_;
  std::map<TableKey, std::string> table_renamed_to_;  // (schema, old name) -> new name, first rename wins
  std::vector<RenameColumn> column_renames_;
  std::vector<RenameConstraint> constraint_renames_;
  std::vector<RenameIndex> index_renames_;
  // (schema, table, old name) -> new name over the constraint, then the index renames: first wins.
  std::map<std::tuple<std::string, std::string, std::string>, std::string> object_renamed_to_;
  std::set<TableKey> new_tables_;
  std::set<TableKey> dropped_tables_;
};

}  // namespace strata

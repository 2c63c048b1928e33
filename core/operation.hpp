// Schema-change operations: plain data, one small struct per kind, each exactly reversible.
//
// diff() produces them, apply() plays them on a ModelGraph, the PostgreSQL dialect renders them
// as SQL. Every operation carries what its reverse needs (a drop carries the dropped object), so
// `reverse(ops)` is the downgrade of `ops` and reverse(reverse(op)) == op.
//
// Names inside an operation are the names at the moment it runs: a drop that runs before a
// table rename names the old table, an add that runs after it names the new one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/enum_use.hpp"
#include "core/model_graph.hpp"

namespace strata {

// Where a new column or enum label goes among its siblings. PostgreSQL cannot place a column
// (ADD COLUMN always appends), so for columns this only keeps the graph's declaration order
// exact; for enum labels it is ADD VALUE ... BEFORE/AFTER.
struct Placement {
  enum class Kind { End, Before, After };
  Kind kind = Kind::End;
  std::string anchor;  // the sibling named by Before/After; empty for End
  bool operator==(const Placement&) const = default;
};

struct CreateSchema {
  std::string schema;
  bool operator==(const CreateSchema&) const = default;
};
struct DropSchema {
  std::string schema;
  bool operator==(const DropSchema&) const = default;
};

struct CreateEnum {
  std::string schema;
  EnumType enum_type;
  bool operator==(const CreateEnum&) const = default;
};
struct DropEnum {
  std::string schema;
  EnumType enum_type;
  bool operator==(const DropEnum&) const = default;
};

// ALTER TYPE ... ADD VALUE. `labels_without` is the label list without `value` (before the add),
// and `uses` the enum's columns at that moment: both are what the reverse (DropEnumValue) needs.
struct AddEnumValue {
  std::string schema;
  std::string enum_name;
  std::string value;
  Placement placement;
  std::vector<std::string> labels_without;
  std::vector<EnumUse> uses;
  std::vector<EnumDependent> dependents = {};
  bool operator==(const AddEnumValue&) const = default;
};
// PostgreSQL cannot drop an enum label: the type is recreated with `labels_without` and every
// use converted (fails at run time if a row still holds the label, which is the point), its
// dependents dropped before and made again after.
struct DropEnumValue {
  std::string schema;
  std::string enum_name;
  std::string value;
  Placement placement;  // where the label stood, so the reverse puts it back there
  std::vector<std::string> labels_without;
  std::vector<EnumUse> uses;
  std::vector<EnumDependent> dependents = {};
  bool operator==(const DropEnumValue&) const = default;
};

// ALTER TYPE ... RENAME TO: the columns using the type follow it (PostgreSQL refers to it by OID).
struct RenameEnum {
  std::string schema;
  std::string from;
  std::string to;
  bool operator==(const RenameEnum&) const = default;
};
// ALTER TYPE ... RENAME VALUE: rows holding the label hold the new one.
struct RenameEnumValue {
  std::string schema;
  std::string enum_name;
  std::string from;
  std::string to;
  bool operator==(const RenameEnumValue&) const = default;
};

// The table as created: columns, primary key, uniques, checks, comments and the foreign keys
// that can be created with it. diff() never puts indexes here (they follow as CreateIndex), but
// a table that carries some gets them created too.
struct CreateTable {
  std::string schema;
  Table table;
  bool operator==(const CreateTable&) const = default;
};
// Carries the table as it is when dropped, so that the reverse recreates it.
struct DropTable {
  std::string schema;
  Table table;
  bool operator==(const DropTable&) const = default;
};
struct RenameTable {
  std::string schema;
  std::string from;
  std::string to;
  bool operator==(const RenameTable&) const = default;
};
// ALTER TABLE ... SET SCHEMA: the table moves with its columns, constraints, indexes and the
// identity sequences it owns; foreign keys that reference it follow it (PostgreSQL refers to it
// by OID). `schema` is where it is, `to_schema` where it goes.
struct SetTableSchema {
  std::string schema;
  std::string table;
  std::string to_schema;
  bool operator==(const SetTableSchema&) const = default;
};

struct AddColumn {
  std::string schema;
  std::string table;
  Column column;
  Placement placement;
  bool operator==(const AddColumn&) const = default;
};
struct DropColumn {
  std::string schema;
  std::string table;
  Column column;
  Placement placement;  // where the column stood
  bool operator==(const DropColumn&) const = default;
};
struct RenameColumn {
  std::string schema;
  std::string table;
  std::string from;
  std::string to;
  bool operator==(const RenameColumn&) const = default;
};

// What an AlterColumn changes (a bit set in AlterColumn::changes).
enum ColumnChange : unsigned {
  kChangeType = 1u << 0,
  kChangeNullable = 1u << 1,
  kChangeDefault = 1u << 2,
  kChangeIdentity = 1u << 3,
};
// The ColumnChange bits on which `a` and `b` differ (the name and comment are not compared).
unsigned column_changes(const Column& a, const Column& b);

// `from` and `to` are the whole column before and after; they differ exactly in `changes`
// (never in name or comment: those are RenameColumn and SetColumnComment).
struct AlterColumn {
  std::string schema;
  std::string table;
  Column from;
  Column to;
  unsigned changes = 0;
  bool operator==(const AlterColumn&) const = default;
};

struct SetTableComment {
  std::string schema;
  std::string table;
  std::optional<std::string> from;
  std::optional<std::string> to;
  bool operator==(const SetTableComment&) const = default;
};
struct SetColumnComment {
  std::string schema;
  std::string table;
  std::string column;
  std::optional<std::string> from;
  std::optional<std::string> to;
  bool operator==(const SetColumnComment&) const = default;
};

struct AddPrimaryKey {
  std::string schema;
  std::string table;
  PrimaryKey key;
  bool operator==(const AddPrimaryKey&) const = default;
};
struct DropPrimaryKey {
  std::string schema;
  std::string table;
  PrimaryKey key;
  bool operator==(const DropPrimaryKey&) const = default;
};
struct AddUnique {
  std::string schema;
  std::string table;
  UniqueConstraint unique;
  bool operator==(const AddUnique&) const = default;
};
struct DropUnique {
  std::string schema;
  std::string table;
  UniqueConstraint unique;
  bool operator==(const DropUnique&) const = default;
};
struct AddCheck {
  std::string schema;
  std::string table;
  CheckConstraint check;
  bool operator==(const AddCheck&) const = default;
};
struct DropCheck {
  std::string schema;
  std::string table;
  CheckConstraint check;
  bool operator==(const DropCheck&) const = default;
};
struct AddForeignKey {
  std::string schema;
  std::string table;
  ForeignKey foreign_key;
  bool operator==(const AddForeignKey&) const = default;
};
struct DropForeignKey {
  std::string schema;
  std::string table;
  ForeignKey foreign_key;
  bool operator==(const DropForeignKey&) const = default;
};
struct CreateIndex {
  std::string schema;
  std::string table;
  Index index;
  bool operator==(const CreateIndex&) const = default;
};
struct DropIndex {
  std::string schema;
  std::string table;
  Index index;
  bool operator==(const DropIndex&) const = default;
};

// ALTER TABLE ... RENAME CONSTRAINT: a primary key, unique, check or foreign key keeps its
// definition under a new name (the naming convention follows table and column renames);
// renaming a primary key or unique renames its index too.
struct RenameConstraint {
  std::string schema;
  std::string table;
  std::string from;
  std::string to;
  bool operator==(const RenameConstraint&) const = default;
};
// ALTER INDEX ... RENAME TO: the index is kept, not rebuilt.
struct RenameIndex {
  std::string schema;
  std::string table;
  std::string from;
  std::string to;
  bool operator==(const RenameIndex&) const = default;
};

// Citus (DESIGN.md, "Scale-out"): create_distributed_table / create_reference_table, after the
// table is created and before its foreign keys are added; the reverse is undistribute_table.
// `table_is_new`: the table is created by the same revision, so the reverse (a downgrade) drops it
// right after undistributing it: that undistribute renders as nothing (DROP TABLE drops a
// distributed table and its shards, and undistribute_table refuses a table with an identity column).
struct DistributeTable {
  std::string schema;
  std::string table;
  Distribution distribution;
  bool table_is_new = false;
  bool operator==(const DistributeTable&) const = default;
};
struct UndistributeTable {
  std::string schema;
  std::string table;
  Distribution distribution;  // what the table was, so that the reverse distributes it again
  bool table_is_new = false;
  bool operator==(const UndistributeTable&) const = default;
};
// ALTER TABLE ... ENABLE + FORCE ROW LEVEL SECURITY (`enabled`), or DISABLE + NO FORCE.
struct SetRowSecurity {
  std::string schema;
  std::string table;
  bool enabled = true;
  bool operator==(const SetRowSecurity&) const = default;
};
// A changed policy is dropped and created again (DROP runs with the dependent drops, before any
// column it names changes or goes; CREATE after the columns are in place).
struct CreatePolicy {
  std::string schema;
  std::string table;
  Policy policy;
  bool operator==(const CreatePolicy&) const = default;
};
struct DropPolicy {
  std::string schema;
  std::string table;
  Policy policy;
  bool operator==(const DropPolicy&) const = default;
};

// A SQL object (view, function, trigger) of schema `schema`, from a SQL_OBJECTS file. Created and
// dropped in dependency order; a change PostgreSQL can make in place (replaceable()) is CREATE OR
// REPLACE, which carries the old definition for the downgrade.
struct CreateSqlObject {
  std::string schema;
  SqlObject object;
  bool operator==(const CreateSqlObject&) const = default;
};
struct DropSqlObject {
  std::string schema;
  SqlObject object;
  bool operator==(const DropSqlObject&) const = default;
};
struct ReplaceSqlObject {
  std::string schema;
  SqlObject from;
  SqlObject to;
  bool operator==(const ReplaceSqlObject&) const = default;
};

using Operation =
    std::variant<CreateSchema, DropSchema, CreateEnum, DropEnum, AddEnumValue, DropEnumValue, CreateTable, DropTable,
                 RenameTable, SetTableSchema, AddColumn, DropColumn, RenameColumn, AlterColumn, SetTableComment, SetColumnComment,
                 AddPrimaryKey, DropPrimaryKey, AddUnique, DropUnique, AddCheck, DropCheck, AddForeignKey,
                 DropForeignKey, CreateIndex, DropIndex, RenameConstraint, RenameIndex, RenameEnum, RenameEnumValue,
                 DistributeTable, UndistributeTable, SetRowSecurity, CreatePolicy, DropPolicy, CreateSqlObject, DropSqlObject, ReplaceSqlObject>;

// The operation that undoes `op`.
Operation reverse(const Operation& op);
// The downgrade of `ops`: reversed order, each operation reversed.
std::vector<Operation> reverse(const std::vector<Operation>& ops);

// One line for messages: "add column public.users.locale", "drop index public.ix_users_email".
std::string describe(const Operation& op);

// The kind in snake case: "add_column", "create_table" (golden-file folders, JSON, logs).
std::string kind_name(const Operation& op);

// The SourceMap key (model_graph.hpp) of the model declaration `op` comes from, named as it is
// once `op` has run: "schema.table.column" for a column (and a foreign key: its first column),
// "schema.table" for a table and what else it holds (a dropped column: its table), "schema.enum"
// for an enum and its labels; "" for a schema or a SQL object (not declared in the models). A
// dropped table's key names no declaration.
std::string declared_subject(const Operation& op);

}  // namespace strata

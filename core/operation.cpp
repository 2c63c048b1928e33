#include "core/operation.hpp"

#include <algorithm>
#include <type_traits>

namespace strata {

unsigned column_changes(const Column& a, const Column& b) {
  unsigned changes = 0;
  if (a.type != b.type) changes |= kChangeType;
  if (a.nullable != b.nullable) changes |= kChangeNullable;
  if (a.default_expr != b.default_expr) changes |= kChangeDefault;
  if (a.identity != b.identity) changes |= kChangeIdentity;
  return changes;
}

namespace {

template <typename>
inline constexpr bool kAlwaysFalse = false;

// The reverse of each kind: a pair of kinds swap, carrying the same data.
struct Reverser {
  Operation operator()(const CreateSchema& op) const { return DropSchema{op.schema}; }
  Operation operator()(const DropSchema& op) const { return CreateSchema{op.schema}; }
  Operation operator()(const CreateEnum& op) const { return DropEnum{op.schema, op.enum_type}; }
  Operation operator()(const DropEnum& op) const { return CreateEnum{op.schema, op.enum_type}; }
  Operation operator()(const AddEnumValue& op) const {
    return DropEnumValue{op.schema, op.enum_name, op.value, op.placement, op.labels_without, op.uses, op.dependents};
  }
  Operation operator()(const DropEnumValue& op) const {
    return AddEnumValue{op.schema, op.enum_name, op.value, op.placement, op.labels_without, op.uses, op.dependents};
  }
  Operation operator()(const CreateTable& op) const { return DropTable{op.schema, op.table}; }
  Operation operator()(const DropTable& op) const { return CreateTable{op.schema, op.table}; }
  Operation operator()(const RenameTable& op) const { return RenameTable{op.schema, op.to, op.from}; }
  Operation operator()(const SetTableSchema& op) const { return SetTableSchema{op.to_schema, op.table, op.schema}; }
  Operation operator()(const AddColumn& op) const { return DropColumn{op.schema, op.table, op.column, op.placement}; }
  Operation operator()(const DropColumn& op) const { return AddColumn{op.schema, op.table, op.column, op.placement}; }
  Operation operator()(const RenameColumn& op) const { return RenameColumn{op.schema, op.table, op.to, op.from}; }
  Operation operator()(const AlterColumn& op) const {
    return AlterColumn{op.schema, op.table, op.to, op.from, op.changes};
  }
  Operation operator()(const SetTableComment& op) const { return SetTableComment{op.schema, op.table, op.to, op.from}; }
  Operation operator()(const SetColumnComment& op) const {
    return SetColumnComment{op.schema, op.table, op.column, op.to, op.from};
  }
  Operation operator()(const AddPrimaryKey& op) const { return DropPrimaryKey{op.schema, op.table, op.key}; }
  Operation operator()(const DropPrimaryKey& op) const { return AddPrimaryKey{op.schema, op.table, op.key}; }
  Operation operator()(const AddUnique& op) const { return DropUnique{op.schema, op.table, op.unique}; }
  Operation operator()(const DropUnique& op) const { return AddUnique{op.schema, op.table, op.unique}; }
  Operation operator()(const AddCheck& op) const { return DropCheck{op.schema, op.table, op.check}; }
  Operation operator()(const DropCheck& op) const { return AddCheck{op.schema, op.table, op.check}; }
  Operation operator()(const AddForeignKey& op) const { return DropForeignKey{op.schema, op.table, op.foreign_key}; }
  Operation operator()(const DropForeignKey& op) const { return AddForeignKey{op.schema, op.table, op.foreign_key}; }
  Operation operator()(const CreateIndex& op) const { return DropIndex{op.schema, op.table, op.index}; }
  Operation operator()(const DropIndex& op) const { return CreateIndex{op.schema, op.table, op.index}; }
  Operation operator()(const RenameConstraint& op) const {
    return RenameConstraint{op.schema, op.table, op.to, op.from};
  }
  Operation operator()(const RenameIndex& op) const { return RenameIndex{op.schema, op.table, op.to, op.from}; }
  Operation operator()(const RenameEnum& op) const { return RenameEnum{op.schema, op.to, op.from}; }
  Operation operator()(const RenameEnumValue& op) const {
    return RenameEnumValue{op.schema, op.enum_name, op.to, op.from};
  }
  Operation operator()(const DistributeTable& op) const {
    return UndistributeTable{op.schema, op.table, op.distribution, op.table_is_new};
  }
  Operation operator()(const UndistributeTable& op) const {
    return DistributeTable{op.schema, op.table, op.distribution, op.table_is_new};
  }
  Operation operator()(const SetRowSecurity& op) const { return SetRowSecurity{op.schema, op.table, !op.enabled}; }
  Operation operator()(const CreatePolicy& op) const { return DropPolicy{op.schema, op.table, op.policy}; }
  Operation operator()(const DropPolicy& op) const { return CreatePolicy{op.schema, op.table, op.policy}; }
  Operation operator()(const CreateSqlObject& op) const { return DropSqlObject{op.schema, op.object}; }
  Operation operator()(const DropSqlObject& op) const { return CreateSqlObject{op.schema, op.object}; }
  Operation operator()(const ReplaceSqlObject& op) const { return ReplaceSqlObject{op.schema, op.to, op.from}; }
};

// The snake-case name of each kind, by type (not by the variant's order).
struct KindName {
  const char* operator()(const CreateSchema&) const { return "create_schema"; }
  const char* operator()(const DropSchema&) const { return "drop_schema"; }
  const char* operator()(const CreateEnum&) const { return "create_enum"; }
  const char* operator()(const DropEnum&) const { return "drop_enum"; }
  const char* operator()(const AddEnumValue&) const { return "add_enum_value"; }
  const char* operator()(const DropEnumValue&) const { return "drop_enum_value"; }
  const char* operator()(const CreateTable&) const { return "create_table"; }
  const char* operator()(const DropTable&) const { return "drop_table"; }
  const char* operator()(const RenameTable&) const { return "rename_table"; }
  const char* operator()(const SetTableSchema&) const { return "set_table_schema"; }
  const char* operator()(const AddColumn&) const { return "add_column"; }
  const char* operator()(const DropColumn&) const { return "drop_column"; }
  const char* operator()(const RenameColumn&) const { return "rename_column"; }
  const char* operator()(const AlterColumn&) const { return "alter_column"; }
  const char* operator()(const SetTableComment&) const { return "set_table_comment"; }
  const char* operator()(const SetColumnComment&) const { return "set_column_comment"; }
  const char* operator()(const AddPrimaryKey&) const { return "add_primary_key"; }
  const char* operator()(const DropPrimaryKey&) const { return "drop_primary_key"; }
  const char* operator()(const AddUnique&) const { return "add_unique"; }
  const char* operator()(const DropUnique&) const { return "drop_unique"; }
  const char* operator()(const AddCheck&) const { return "add_check"; }
  const char* operator()(const DropCheck&) const { return "drop_check"; }
  const char* operator()(const AddForeignKey&) const { return "add_foreign_key"; }
  const char* operator()(const DropForeignKey&) const { return "drop_foreign_key"; }
  const char* operator()(const CreateIndex&) const { return "create_index"; }
  const char* operator()(const DropIndex&) const { return "drop_index"; }
  const char* operator()(const RenameConstraint&) const { return "rename_constraint"; }
  const char* operator()(const RenameIndex&) const { return "rename_index"; }
  const char* operator()(const RenameEnum&) const { return "rename_enum"; }
  const char* operator()(const RenameEnumValue&) const { return "rename_enum_value"; }
  const char* operator()(const DistributeTable&) const { return "distribute_table"; }
  const char* operator()(const UndistributeTable&) const { return "undistribute_table"; }
  const char* operator()(const SetRowSecurity&) const { return "set_row_security"; }
  const char* operator()(const CreatePolicy&) const { return "create_policy"; }
  const char* operator()(const DropPolicy&) const { return "drop_policy"; }
  const char* operator()(const CreateSqlObject&) const { return "create_sql_object"; }
  const char* operator()(const DropSqlObject&) const { return "drop_sql_object"; }
  const char* operator()(const ReplaceSqlObject&) const { return "replace_sql_object"; }
};

std::string on_table(const std::string& what, const std::string& name, const std::string& schema,
                     const std::string& table) {
  return what + " " + name + " on " + qualified(schema, table);
}

}  // namespace

Operation reverse(const Operation& op) { return std::visit(Reverser{}, op); }

std::vector<Operation> reverse(const std::vector<Operation>& ops) {
  std::vector<Operation> reversed;
  reversed.reserve(ops.size());
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) reversed.push_back(reverse(*it));
  return reversed;
}

std::string describe(const Operation& op) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateSchema>)
          return "create schema " + o.schema;
        else if constexpr (std::is_same_v<T, DropSchema>)
          return "drop schema " + o.schema;
        else if constexpr (std::is_same_v<T, CreateEnum>)
          return "create enum " + qualified(o.schema, o.enum_type.name);
        else if constexpr (std::is_same_v<T, DropEnum>)
          return "drop enum " + qualified(o.schema, o.enum_type.name);
        else if constexpr (std::is_same_v<T, AddEnumValue>)
          return "add enum value '" + o.value + "' to " + qualified(o.schema, o.enum_name);
        else if constexpr (std::is_same_v<T, DropEnumValue>)
          return "drop enum value '" + o.value + "' from " + qualified(o.schema, o.enum_name);
        else if constexpr (std::is_same_v<T, CreateTable>)
          return "create table " + qualified(o.schema, o.table.name);
        else if constexpr (std::is_same_v<T, DropTable>)
          return "drop table " + qualified(o.schema, o.table.name);
        else if constexpr (std::is_same_v<T, RenameTable>)
          return "rename table " + qualified(o.schema, o.from) + " to " + o.to;
        else if constexpr (std::is_same_v<T, SetTableSchema>)
          return "move table " + qualified(o.schema, o.table) + " to schema " + o.to_schema;
        else if constexpr (std::is_same_v<T, AddColumn>)
          return "add column " + qualified(o.schema, o.table, o.column.name);
        else if constexpr (std::is_same_v<T, DropColumn>)
          return "drop column " + qualified(o.schema, o.table, o.column.name);
        else if constexpr (std::is_same_v<T, RenameColumn>)
          return "rename column " + qualified(o.schema, o.table, o.from) + " to " + o.to;
        else if constexpr (std::is_same_v<T, AlterColumn>) {
          std::string what;
          auto add = [&](unsigned bit, const char* word) {
            if (o.changes & bit) what += (what.empty() ? "" : ", ") + std::string(word);
          };
          add(kChangeType, "type");
          add(kChangeNullable, "nullability");
          add(kChangeDefault, "default");
          add(kChangeIdentity, "identity");
          return "alter column " + qualified(o.schema, o.table, o.from.name) + " (" + what + ")";
        } else if constexpr (std::is_same_v<T, SetTableComment>)
          return "set comment on table " + qualified(o.schema, o.table);
        else if constexpr (std::is_same_v<T, SetColumnComment>)
          return "set comment on column " + qualified(o.schema, o.table, o.column);
        else if constexpr (std::is_same_v<T, AddPrimaryKey>)
          return on_table("add primary key", o.key.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropPrimaryKey>)
          return on_table("drop primary key", o.key.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, AddUnique>)
          return on_table("add unique constraint", o.unique.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropUnique>)
          return on_table("drop unique constraint", o.unique.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, AddCheck>)
          return on_table("add check constraint", o.check.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropCheck>)
          return on_table("drop check constraint", o.check.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, AddForeignKey>)
          return on_table("add foreign key", o.foreign_key.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropForeignKey>)
          return on_table("drop foreign key", o.foreign_key.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, CreateIndex>)
          return on_table(o.index.unique ? "create unique index" : "create index", o.index.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropIndex>)
          return on_table("drop index", o.index.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, RenameConstraint>)
          return on_table("rename constraint", o.from, o.schema, o.table) + " to " + o.to;
        else if constexpr (std::is_same_v<T, RenameIndex>)
          return on_table("rename index", o.from, o.schema, o.table) + " to " + o.to;
        else if constexpr (std::is_same_v<T, RenameEnum>)
          return "rename enum " + qualified(o.schema, o.from) + " to " + o.to;
        else if constexpr (std::is_same_v<T, RenameEnumValue>)
          return "rename enum value '" + o.from + "' of " + qualified(o.schema, o.enum_name) + " to '" + o.to + "'";
        else if constexpr (std::is_same_v<T, DistributeTable>)
          return (o.distribution.kind == Distribution::Kind::Reference ? "make reference table "
                                                                       : "distribute table ") +
                 qualified(o.schema, o.table) +
                 (o.distribution.kind == Distribution::Kind::Reference ? "" : " by " + o.distribution.column);
        else if constexpr (std::is_same_v<T, UndistributeTable>)
          return "undistribute table " + qualified(o.schema, o.table);
        else if constexpr (std::is_same_v<T, SetRowSecurity>)
          return std::string(o.enabled ? "enable" : "disable") + " row security on " + qualified(o.schema, o.table);
        else if constexpr (std::is_same_v<T, CreatePolicy>)
          return on_table("create policy", o.policy.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, DropPolicy>)
          return on_table("drop policy", o.policy.name, o.schema, o.table);
        else if constexpr (std::is_same_v<T, CreateSqlObject>)
          return "create " + describe(o.schema, o.object);
        else if constexpr (std::is_same_v<T, DropSqlObject>)
          return "drop " + describe(o.schema, o.object);
        else if constexpr (std::is_same_v<T, ReplaceSqlObject>)
          return "replace " + describe(o.schema, o.to);
        else
          static_assert(kAlwaysFalse<T>, "describe: unhandled operation kind");
      },
      op);
}

std::string kind_name(const Operation& op) { return std::visit(KindName{}, op); }

std::string declared_subject(const Operation& op) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable> || std::is_same_v<T, DropTable>)
          return qualified(o.schema, o.table.name);
        else if constexpr (std::is_same_v<T, RenameTable>)
          return qualified(o.schema, o.to);
        else if constexpr (std::is_same_v<T, SetTableSchema>)
          return qualified(o.to_schema, o.table);
        else if constexpr (std::is_same_v<T, AddColumn>)
          return qualified(o.schema, o.table, o.column.name);
        else if constexpr (std::is_same_v<T, RenameColumn>)
          return qualified(o.schema, o.table, o.to);
        else if constexpr (std::is_same_v<T, AlterColumn>)
          return qualified(o.schema, o.table, o.to.name);
        else if constexpr (std::is_same_v<T, SetColumnComment>)
          return qualified(o.schema, o.table, o.column);
        else if constexpr (std::is_same_v<T, CreateEnum> || std::is_same_v<T, DropEnum>)
          return qualified(o.schema, o.enum_type.name);
        else if constexpr (std::is_same_v<T, RenameEnum>)
          return qualified(o.schema, o.to);
        else if constexpr (std::is_same_v<T, AddForeignKey> || std::is_same_v<T, DropForeignKey>)
          return o.foreign_key.columns.empty() ? qualified(o.schema, o.table)
                                               : qualified(o.schema, o.table, o.foreign_key.columns.front());
        else if constexpr (requires { o.enum_name; })  // a label
          return qualified(o.schema, o.enum_name);
        else if constexpr (requires { o.table; })  // the table's columns, constraints, indexes, policies
          return qualified(o.schema, o.table);
        else
          return "";
      },
      op);
}

}  // namespace strata

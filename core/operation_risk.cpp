#include "core/operation_risk.hpp"

#include <functional>
#include <optional>
#include <set>
#include <utility>

#include "core/apply.hpp"
#include "core/type_shape.hpp"

namespace strata {
namespace {

std::string table_name(const std::string& schema, const std::string& table) { return qualified(schema, table); }

using IsNew = std::function<bool(const std::string& schema, const std::string& table)>;

struct Assessor {
  const IsNew& is_new;
  std::vector<Risk>& out;

  void destructive(std::string message) { out.push_back({Risk::Destructive, std::move(message)}); }
  void warning(std::string message) { out.push_back({Risk::Warning, std::move(message)}); }

  void operator()(const DropTable& o) {
    destructive("drop table " + table_name(o.schema, o.table.name) + ": all its rows are lost");
  }
  void operator()(const DropColumn& o) {
    if (o.column.generated) {
      destructive("drop generated column " + qualified(o.schema, o.table, o.column.name) +
                  ": its values are computed, so none is lost, but adding it back (a changed expression) rewrites "
                  "the table under an ACCESS EXCLUSIVE lock");
      return;
    }
    destructive("drop column " + qualified(o.schema, o.table, o.column.name) + ": its data is lost");
  }
  void operator()(const DropEnum& o) {
    destructive("drop enum " + qualified(o.schema, o.enum_type.name) + ": the type and its labels are lost");
  }
  void operator()(const DropEnumValue& o) {
    destructive("drop label '" + o.value + "' of enum " + qualified(o.schema, o.enum_name) +
                ": fails if a row still holds it; the type is recreated and every column using it rewritten");
  }
  void operator()(const AlterColumn& o) {
    const std::string column = qualified(o.schema, o.table, o.from.name);
    const bool existing = !is_new(o.schema, o.table);
    if (o.changes & kChangeType) {
      if (!is_widening(o.from.type, o.to.type))
        destructive("change type of column " + column + " from " + o.from.type + " to " + o.to.type +
                    ": not a known widening; a value that does not fit fails the revision");
      else if (existing && rewrites_table(o.from.type, o.to.type))
        warning("change type of column " + column + " from " + o.from.type + " to " + o.to.type +
                ": rewrites the table and its indexes under an ACCESS EXCLUSIVE lock");
    }
    // A default (or identity) added with it fills only new rows: existing NULLs still fail it.
    if ((o.changes & kChangeNullable) && !o.to.nullable && existing)
      destructive("set NOT NULL on column " + column +
                  (o.to.default_expr || o.to.identity
                       ? std::string(": the ") + (o.to.default_expr ? "default" : "identity") +
                             " fills only new rows, so it fails if any row holds NULL (backfill first)"
                       : " without a default: fails if any row holds NULL"));
  }
  void operator()(const AddColumn& o) {
    if (is_new(o.schema, o.table)) return;
    if (!o.column.nullable && !o.column.default_expr && !o.column.identity)
      warning("add NOT NULL column " + qualified(o.schema, o.table, o.column.name) +
              " without a default: fails if the table has rows (add a default, or add it nullable, backfill, then set "
              "NOT NULL)");
  }
  void operator()(const CreateIndex& o) {
    if (is_new(o.schema, o.table)) return;
    warning("create index " + o.index.name + " on " + table_name(o.schema, o.table) +
            ": blocks writes to the table while it builds; for a large table use CREATE INDEX CONCURRENTLY in a "
            "revision of its own");
  }
  void operator()(const AddForeignKey& o) {
    if (is_new(o.schema, o.table)) return;
    warning("add foreign key " + o.foreign_key.name + " on " + table_name(o.schema, o.table) +
            ": validates every row while holding locks on both tables; for a large table add it NOT VALID, then "
            "VALIDATE CONSTRAINT");
  }
  void operator()(const AddCheck& o) {
    if (is_new(o.schema, o.table)) return;
    warning("add check constraint " + o.check.name + " on " + table_name(o.schema, o.table) +
            ": validates every row under an ACCESS EXCLUSIVE lock; for a large table add it NOT VALID, then VALIDATE "
            "CONSTRAINT");
  }
  void operator()(const AddUnique& o) {
    if (is_new(o.schema, o.table)) return;
    warning("add unique constraint " + o.unique.name + " on " + table_name(o.schema, o.table) +
            ": builds a unique index under an ACCESS EXCLUSIVE lock and fails on duplicate values");
  }
  void operator()(const AddPrimaryKey& o) {
    if (is_new(o.schema, o.table)) return;
    warning("add primary key " + o.key.name + " on " + table_name(o.schema, o.table) +
            ": builds a unique index under an ACCESS EXCLUSIVE lock and fails on duplicate or NULL values");
  }
  void operator()(const RenameTable& o) {
    warning("rename table " + table_name(o.schema, o.from) + " to " + o.to +
            ": application code still using the old name breaks once this runs");
  }
  void operator()(const SetTableSchema& o) {
    warning("move table " + table_name(o.schema, o.table) + " to schema " + o.to_schema +
            ": application code still using the old schema breaks once this runs");
  }
  void operator()(const RenameColumn& o) {
    warning("rename column " + qualified(o.schema, o.table, o.from) + " to " + o.to +
            ": application code still using the old name breaks once this runs");
  }
  void operator()(const RenameEnum& o) {
    warning("rename enum " + qualified(o.schema, o.from) + " to " + o.to +
            ": application code still using the old name breaks once this runs");
  }
  void operator()(const RenameEnumValue& o) {
    warning("rename label '" + o.from + "' of enum " + qualified(o.schema, o.enum_name) + " to '" + o.to +
            "': application code still writing the old label fails once this runs");
  }
  void operator()(const DistributeTable& o) {
    if (is_new(o.schema, o.table)) return;
    warning("distribute table " + table_name(o.schema, o.table) +
            ": copies every row to the workers and blocks writes to the table meanwhile");
  }
  void operator()(const UndistributeTable& o) {
    warning("undistribute table " + table_name(o.schema, o.table) +
            ": copies every row back to the coordinator and blocks writes to the table meanwhile");
  }
  void operator()(const SetRowSecurity& o) {
    if (is_new(o.schema, o.table)) return;
    warning(std::string(o.enabled ? "enable" : "disable") + " row security on " + table_name(o.schema, o.table) +
            (o.enabled ? ": every role, the owner included, then sees only the rows a policy grants"
                       : ": every role with privileges on the table then sees all its rows"));
  }
  // No risk worth a word: creating what is new, comments, and dropping or renaming a constraint
  // or an index (no row is lost with it). Every kind is named, so that a new kind fails to
  // compile until its risk is judged.
  void operator()(const CreateSchema&) {}
  void operator()(const DropSchema&) {}
  void operator()(const CreateEnum&) {}
  void operator()(const AddEnumValue&) {}
  void operator()(const CreateTable&) {}
  void operator()(const SetTableComment&) {}
  void operator()(const SetColumnComment&) {}
  void operator()(const DropPrimaryKey&) {}
  void operator()(const DropUnique&) {}
  void operator()(const DropCheck&) {}
  void operator()(const DropForeignKey&) {}
  void operator()(const DropIndex&) {}
  void operator()(const RenameConstraint&) {}
  void operator()(const RenameIndex&) {}
  void operator()(const CreatePolicy&) {}
  void operator()(const DropPolicy&) {}  // under row security, fewer rows visible: the safe side
  // A view, function or trigger holds no rows; its definition is back in the down migration.
  void operator()(const CreateSqlObject&) {}
  void operator()(const DropSqlObject&) {}
  void operator()(const ReplaceSqlObject&) {}
};

}  // namespace

bool is_widening(const std::string& from_type, const std::string& to_type) {
  std::string a = from_type, b = to_type;
  if (!strip_arrays(a, b)) return false;
  if (a == b) return true;
  const TypeShape f = shape_of(a), t = shape_of(b);
  using F = TypeShape::Family;
  switch (f.family) {
    case F::Text: return t.family == F::Text && (!t.length || (f.length && *t.length >= *f.length));
    case F::Enum: return t.family == F::Text && !t.length;
    case F::Integer: {
      static constexpr int kDigits[] = {0, 5, 10, 19};
      if (t.family == F::Integer) return t.rank > f.rank;
      if (t.family == F::Numeric) return !t.precision || *t.precision - t.scale >= kDigits[f.rank];
      return false;
    }
    case F::Float: return t.family == F::Float && t.rank > f.rank;
    case F::Numeric:
      if (t.family != F::Numeric) return false;
      if (!t.precision) return true;
      if (!f.precision) return false;
      return t.scale >= f.scale && *t.precision - t.scale >= *f.precision - f.scale;
    case F::Other: return false;
  }
  return false;
}

bool rewrites_table(const std::string& from_type, const std::string& to_type) {
  std::string a = from_type, b = to_type;
  if (!strip_arrays(a, b)) return true;
  if (a == b) return false;
  const TypeShape f = shape_of(a), t = shape_of(b);
  using F = TypeShape::Family;
  if (f.family == F::Text && t.family == F::Text) return t.length && (!f.length || *t.length < *f.length);
  if (f.family == F::Numeric && t.family == F::Numeric)
    return !(!t.precision || (f.precision && t.scale == f.scale && *t.precision >= *f.precision));
  return true;
}

std::vector<Risk> assess(const Operation& op, const ModelGraph& from) {
  std::vector<Risk> risks;
  const IsNew is_new = [&](const std::string& schema, const std::string& table) {
    return from.find_table(schema, table) == nullptr;
  };
  std::visit(Assessor{is_new, risks}, op);
  return risks;
}

std::vector<std::vector<Risk>> assess(const std::vector<Operation>& ops, const ModelGraph& from) {
  std::vector<std::vector<Risk>> risks;
  ModelGraph state = from;
  OperationPlayer play(state);
  std::set<std::pair<std::string, std::string>> created;
  const IsNew is_new = [&](const std::string& schema, const std::string& table) {
    return created.count({schema, table}) > 0 || state.find_table(schema, table) == nullptr;
  };
  for (const Operation& op : ops) {
    std::visit(Assessor{is_new, risks.emplace_back()}, op);
    if (const auto* create = std::get_if<CreateTable>(&op)) created.insert({create->schema, create->table.name});
    if (const auto* rename = std::get_if<RenameTable>(&op); rename && created.erase({rename->schema, rename->from}))
      created.insert({rename->schema, rename->to});
    play(op);
  }
  return risks;
}

}  // namespace strata

#include "core/lint_rules.hpp"

#include <algorithm>
#include <type_traits>

#include "core/online_mode.hpp"
#include "core/sql_expression.hpp"

namespace strata {
namespace {

using namespace lint_rule;

bool is_small_integer(const std::string& type) { return type == "integer" || type == "smallint"; }
bool is_timestamp_without_zone(const std::string& type) { return type.rfind("timestamp without time zone", 0) == 0; }
bool is_char(const std::string& type) { return type == "character" || type.rfind("character(", 0) == 0; }

struct Linter {
  std::vector<LintFinding>& out;
  std::size_t index;
  bool existing;  // the operation changes a table that holds rows
  bool online;    // ... and is rendered in its online form

  void add(std::string_view rule, std::string subject, std::string message) {
    out.push_back({std::string(rule), std::move(subject), std::move(message), index});
  }
  // Rules on a column's type, wherever a column is defined.
  void column_types(const std::string& schema, const std::string& table, const Column& column, bool key) {
    const std::string subject = qualified(schema, table, column.name);
    if (key && is_small_integer(column.type))
      add(kBigint, subject, "key column " + subject + " is " + column.type + ": use bigint, a 32-bit key runs out");
    if (is_timestamp_without_zone(column.type))
      add(kTimestamptz, subject, "column " + subject + " is timestamp without time zone: use timestamptz");
    if (is_char(column.type))
      add(kCharField, subject, "column " + subject + " is " + column.type + " (blank-padded): use text or varchar");
  }

  void operator()(const CreateTable& o) {
    for (const Column& column : o.table.columns) {
      bool key = std::count(o.table.primary_key.columns.begin(), o.table.primary_key.columns.end(), column.name) > 0;
      for (const ForeignKey& fk : o.table.foreign_keys)
        key = key || std::count(fk.columns.begin(), fk.columns.end(), column.name) > 0;
      column_types(o.schema, o.table.name, column, key);
    }
  }
  void operator()(const AddColumn& o) {
    column_types(o.schema, o.table, o.column, false);
    if (!existing) return;
    const std::string subject = qualified(o.schema, o.table, o.column.name);
    if (!o.column.nullable && !o.column.default_expr && !o.column.identity)
      add(kNotNullable, subject, "adding NOT NULL column " + subject + " without a default fails on a table with rows");
    if (o.column.default_expr && is_volatile_expression(*o.column.default_expr) && !online)
      add(kFieldWithDefault, subject,
          "adding " + subject +
              " with a volatile default rewrites the table under an ACCESS EXCLUSIVE lock "
              "(online mode backfills it in batches)");
  }
  void operator()(const AlterColumn& o) {
    const std::string subject = qualified(o.schema, o.table, o.to.name);
    if (o.changes & kChangeType) column_types(o.schema, o.table, o.to, false);
    if (!existing) return;
    if (o.changes & kChangeType)
      add(kColumnType, subject,
          "changing the type of " + subject + " from " + o.from.type + " to " + o.to.type +
              " takes an ACCESS EXCLUSIVE lock (and rewrites the table unless it only widens a varchar or numeric)");
    if ((o.changes & kChangeNullable) && !o.to.nullable && !online)
      add(kNotNullable, subject,
          "SET NOT NULL on " + subject +
              " scans the table under an ACCESS EXCLUSIVE lock (online mode validates a "
              "CHECK first)");
  }
  void operator()(const CreateIndex& o) {
    if (existing && !online)
      add(kConcurrentIndexCreation, qualified(o.schema, o.table),
          "index " + o.index.name + " on " + qualified(o.schema, o.table) +
              " built without CONCURRENTLY blocks writes");
  }
  void operator()(const DropIndex& o) {
    if (existing && !online)
      add(kConcurrentIndexDeletion, qualified(o.schema, o.table),
          "index " + o.index.name + " dropped without CONCURRENTLY blocks reads and writes of " +
              qualified(o.schema, o.table));
  }
  void operator()(const AddUnique& o) {
    if (existing && !online)
      add(kUnique, qualified(o.schema, o.table, o.unique.columns.front()),
          "unique constraint " + o.unique.name +
              " builds its index under an ACCESS EXCLUSIVE lock (online mode "
              "builds it concurrently, then adds the constraint USING INDEX)");
  }
  void operator()(const AddCheck& o) {
    if (existing && !online)
      add(kMissingNotValid, qualified(o.schema, o.table),
          "check " + o.check.name + " is validated under an ACCESS EXCLUSIVE lock: add it NOT VALID, then VALIDATE");
  }
  void operator()(const AddForeignKey& o) {
    if (!existing || online) return;
    const std::string subject = qualified(o.schema, o.table, o.foreign_key.columns.front());
    add(kForeignKey, subject,
        "foreign key " + o.foreign_key.name + " locks " + qualified(o.schema, o.table) + " and " +
            qualified(o.foreign_key.ref_schema, o.foreign_key.ref_table) + " while it validates every row");
    add(kMissingNotValid, subject, "foreign key " + o.foreign_key.name + ": add it NOT VALID, then VALIDATE");
  }
  void operator()(const RenameColumn& o) {
    if (existing)
      add(kRenamingColumn, qualified(o.schema, o.table, o.to),
          "renaming " + qualified(o.schema, o.table, o.from) + " breaks the application still using the old name");
  }
  void operator()(const RenameTable& o) {
    add(kRenamingTable, qualified(o.schema, o.to),
        "renaming " + qualified(o.schema, o.from) + " breaks the application still using the old name");
  }
  void operator()(const SetTableSchema& o) {
    add(kRenamingTable, qualified(o.to_schema, o.table),
        "moving " + qualified(o.schema, o.table) + " to schema " + o.to_schema +
            " breaks the application still using the old name");
  }
  void operator()(const DropColumn& o) {
    add(kDropColumn, qualified(o.schema, o.table),
        "dropping " + qualified(o.schema, o.table, o.column.name) + " breaks the application still reading it");
  }
  void operator()(const DropTable& o) {
    add(kDropTable, qualified(o.schema, o.table.name),
        "dropping " + qualified(o.schema, o.table.name) + " breaks the application still reading it");
  }
  template <typename Op>
  void operator()(const Op&) {}
};

}  // namespace

const std::vector<std::string_view>& lint_rule_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all = {kConcurrentIndexCreation,
                                         kConcurrentIndexDeletion,
                                         kMissingNotValid,
                                         kForeignKey,
                                         kNotNullable,
                                         kUnique,
                                         kColumnType,
                                         kFieldWithDefault,
                                         kRenamingColumn,
                                         kRenamingTable,
                                         kDropColumn,
                                         kDropTable,
                                         kBigint,
                                         kTimestamptz,
                                         kCharField};
    std::sort(all.begin(), all.end());
    return all;
  }();
  return names;
}

std::vector<LintFinding> lint(const std::vector<Operation>& ops, const ModelGraph& from, bool online) {
  const std::vector<bool> existing = changes_existing_table(ops, from);
  std::vector<LintFinding> out;
  for (std::size_t i = 0; i < ops.size(); ++i) std::visit(Linter{out, i, existing[i], online && existing[i]}, ops[i]);
  return out;
}

}  // namespace strata

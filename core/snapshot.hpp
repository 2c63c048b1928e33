// The canonical snapshot: a ModelGraph as JSON with sorted keys and stable order, so that equal
// graphs give byte-identical text and a snapshot diff in review reads as the schema change.
//
// Shape (format version 1); object keys are written sorted, 2-space indent, trailing newline:
//
//   {
//     "format": "strata-snapshot",
//     "schemas": [ {                        schemas, tables and enums sorted by name
//       "enums": [ {"labels": [...], "name": "..."} ],     labels in declaration order
//       "name": "public",
//       "tables": [ {
//         "checks": [ {"expression": "...", "name": "..."} ],
//         "columns": [ {                    declaration order (the order of CREATE TABLE)
//           "comment": "...",               optional
//           "default": "now()",             optional: Column::default_expr
//           "identity": false, "name": "...", "nullable": false, "type": "bigint" } ],
//         "comment": "...",                 optional
//         "foreign_keys": [ {"columns": [...], "name": "...", "on_delete": "cascade",
//                            "on_update": "no action", "ref_columns": [...],
//                            "ref_schema": "...", "ref_table": "..."} ],
//         "indexes": [ {"columns": [...], "name": "...", "unique": false} ],
//         "name": "...",
//         "primary_key": {"columns": [...], "name": "..."},
//         "uniques": [ {"columns": [...], "name": "..."} ],
//         "row_security": true,             optional, written only when true
//         "policies": [ {"check": "...", "command": "ALL", "name": "...", "roles": [...],
//                        "using": "..."} ] } ] } ],   optional, written only when non-empty
//     "version": 1
//   }
//
// Presence rule: a key is omitted exactly when its field is an absent std::optional (a column's
// "default" and "comment", a table's "comment"); a present optional is written even when it is
// the empty string, so absent and "" stay distinct. Every other key is always written, empty
// arrays, false and "" included (a table without a primary key has {"columns": [], "name": ""}),
// and is required when reading. FK actions are the text of to_string(FkAction).
//
// Keys added since (issue 14) are written only when they say something, so a snapshot of a graph
// that does not use them is byte for byte what it was, and older snapshots read unchanged: a
// column's "generated" (absent optional), a unique's and an index's "nulls_not_distinct" (true),
// an index's "method" (not btree), "where" (absent optional) and "include" (non-empty).
// Row security likewise: a table's "row_security" (false) and "policies" (empty) are omitted at
// their default; a policy's "using" and "check" follow the optional rule. A schema's "sql_objects"
// (views, functions, triggers from SQL_OBJECTS files; functions, views, triggers, each by table and
// name) is written only when non-empty: {"definition", "depends", "hash" (SHA-256 of the
// definition, checked when read), "kind", "name", "table" (triggers only)}.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/model_graph.hpp"

namespace strata {

inline constexpr int kSnapshotFormatVersion = 1;

// The message is "<JSON path>: <problem>", e.g.
// `schemas[1].tables[3].columns[0].type: expected a string, found a number`, or
// `invalid JSON: ...` for text that is not JSON; the caller prefixes the file name.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Canonical JSON text, ending in a newline. A copy of the graph is canonicalized first, so the
// insertion order of schemas, tables, enums and named constraints does not matter.
// Throws SnapshotError when a string is not valid UTF-8 (JSON cannot hold it).
std::string write_snapshot(const ModelGraph& graph);

// write_snapshot(after), made from `before_text` == write_snapshot(before) by replacing the text of
// each table that changed, as an edit of the models mostly changes one table of a thousand:
// nullopt (write the whole text instead) when anything but existing tables changed (a table,
// enum, SQL object or schema added, dropped or renamed), when more than a few tables changed, or
// when a changed table's text is not found exactly once in `before_text` (not written by this
// build's write_snapshot, or equal tables in two schemas).
std::optional<std::string> rewrite_snapshot(std::string_view before_text, const ModelGraph& before,
                                            const ModelGraph& after);

// Parses a snapshot written by write_snapshot (any format version up to the current one) and
// returns it canonicalized. Strict: wrong format marker, unsupported version, missing or unknown
// key, duplicate JSON key, wrong JSON type, unknown FK action, or a duplicate schema, table, enum
// or column name throws SnapshotError naming the JSON path.
// For a canonical graph g: read_snapshot(write_snapshot(g)) == g.
ModelGraph read_snapshot(std::string_view json_text);

// Hex SHA-256 of write_snapshot(graph): the hash a revision records.
std::string snapshot_hash(const ModelGraph& graph);

}  // namespace strata

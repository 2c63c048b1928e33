// SQL-bodied objects (DESIGN.md, "Vocabulary, second part"): one CREATE VIEW, CREATE FUNCTION or
// CREATE TRIGGER per file of a SQL_OBJECTS directory, like Flyway's repeatable migrations.
//
// A file holds exactly one statement, `CREATE [OR REPLACE] VIEW|FUNCTION|TRIGGER`, whose object
// is named with its schema (`public.active_projects`; a trigger's table is `ON schema.table`).
// What an object rests on (`depends`): the names its statement mentions schema-qualified that are
// tables or other SQL objects of the models (a trigger's table and function, a view's tables and
// views, also inside a function's body), plus the ones a comment declares:
//   -- strata:depends public.some_view, public.other_function
// Comments are not part of the definition: editing one changes nothing.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"

namespace strata {

struct SqlObjectFile {
  std::string schema;
  SqlObject object;                    // depends still empty: add_sql_objects() fills it
  std::vector<std::string> declared;   // from "-- strata:depends" comments
  std::vector<std::string> mentioned;  // every schema-qualified name of the statement
  SourceLocation location;             // the CREATE
};

// Parses the text of one file. An error (zero or two statements, not a CREATE VIEW, FUNCTION or
// TRIGGER, a name without its schema, an unterminated quote) is a Diagnostic at file:line:col.
struct SqlObjectParse {
  std::vector<SqlObjectFile> parsed;  // one, or none when `diagnostics` has an error
  std::vector<Diagnostic> diagnostics;
};
SqlObjectParse parse_sql_object_file(const std::string& file, std::string_view text);

// Puts the parsed objects into `graph` (after its tables are in place) with their dependencies
// resolved. Errors: two files for one object, a view named like a table, a trigger on a table the
// models do not have, a dependency cycle.
std::vector<Diagnostic> add_sql_objects(ModelGraph& graph, const std::vector<SqlObjectFile>& files);

// The SQL objects of `graph`, each after what it depends on; ties in (kind, schema, table, name)
// order, functions first. A cycle (refused by add_sql_objects) is broken in that order.
std::vector<std::pair<std::string, const SqlObject*>> sql_objects_in_dependency_order(const ModelGraph& graph);

// Whether PostgreSQL's CREATE OR REPLACE turns `from` into `to` (same object), in both directions
// (a downgrade replaces back): a function whose arguments and result type stay, a view whose
// column list and select list stay (only FROM, WHERE, ... change), any trigger on the same table.
bool replaceable(const SqlObject& from, const SqlObject& to);

// `object`'s definition under another name, and for a trigger on another table when `table` is
// given: for the check's probes. Both are inserted as written ("pg_temp.strata_probe_1").
std::string definition_named(const SqlObject& object, const std::string& qualified_name, const std::string& table = "");

}  // namespace strata

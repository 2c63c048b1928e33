// Operations -> PostgreSQL SQL. One render function per operation kind; every identifier is
// double-quoted (embedded quotes doubled) and schema-qualified, string literals are escaped so
// that they mean the same whatever standard_conforming_strings is (see quote_literal and
// portable_expression, which SQL annotations go through).
//
// A Statement's sql carries NO trailing semicolon; a script joins statements with ";\n" and ends
// with ";\n" (render_script). Statements may span lines (CREATE TABLE lists one column a line).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/operation.hpp"

namespace strata {

struct Statement {
  std::string sql;  // without the trailing semicolon
  // False for a statement PostgreSQL must not run inside a transaction block (the runner runs
  // it on its own, outside the revision's transaction).
  bool transactional = true;
  // True when what precedes it must commit first (it uses an enum label added before it in the
  // same revision): the revision is split there by a `-- strata:step` line (render_each()).
  bool starts_step = false;
  // Starts a batched backfill (with starts_step): this statement counts the rows to fill, the
  // ones after it up to the next step fill at most current_setting('strata.batch_size') rows a
  // run; the runner repeats them, each run its own transaction, until they change no row. The
  // file marks it with a `-- strata:step backfill` line.
  bool batched = false;
  bool operator==(const Statement&) const = default;
};

// The SQL of one operation, in execution order.
std::vector<Statement> render(const Operation& op);
// The online form of one operation on a table that already holds rows (DESIGN.md, "Online
// mode"): no lock that blocks reads or writes is held longer than it takes to take it. Indexes
// are built and dropped CONCURRENTLY (a statement of its own, outside any transaction); a unique
// constraint or primary key is a unique index built concurrently, then attached USING INDEX; a
// foreign key or check is added NOT VALID and validated in the next step (starts_step); SET NOT
// NULL goes through a validated CHECK (col IS NOT NULL), which PostgreSQL then uses instead of a
// scan; a new NOT NULL column whose default is volatile (is_volatile_expression()) is added
// nullable, given its default for new rows, backfilled in batches (Statement::batched), then
// made NOT NULL that way. Every other kind renders as render() does.
std::vector<Statement> render_online(const Operation& op);
// The SQL of several operations, in order, one vector per operation, with starts_step set;
// operation i rendered online when `online` holds true at i (empty: none).
std::vector<std::vector<Statement>> render_each(const std::vector<Operation>& ops,
                                                const std::vector<bool>& online = {});
// The same, flat.
std::vector<Statement> render(const std::vector<Operation>& ops);
// The first statement of a revision that touches Citus tables: in Citus's default parallel mode,
// distributing tables and then adding their foreign keys in one transaction fails ("cannot modify
// table ... because there was a parallel operation on a distributed table in the transaction").
Statement citus_sequential_mode();
// Statements as a script: each followed by ";\n" (the empty string for none).
std::string render_script(const std::vector<Statement>& statements);

// "\"name\"" with embedded double quotes doubled.
std::string quote_identifier(std::string_view name);
// "\"schema\".\"name\"".
std::string quote_qualified(std::string_view schema, std::string_view name);
// "'text'" with embedded single quotes doubled; text holding a backslash becomes E'...' with
// backslashes doubled too, so the literal means the same whatever standard_conforming_strings is.
std::string quote_literal(std::string_view text);

// True when the SQL statement `statement` cannot run inside a transaction block: CREATE/DROP
// INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and REINDEX SCHEMA/DATABASE/SYSTEM, ALTER TABLE
// ... DETACH PARTITION ... CONCURRENTLY, VACUUM, CLUSTER without a table, CREATE/DROP/ALTER ...
// SET TABLESPACE of a DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE, CREATE/DROP SUBSCRIPTION,
// COMMIT/ROLLBACK PREPARED, DISCARD ALL. ALTER TYPE ... ADD VALUE runs in a transaction since
// PostgreSQL 12 (the new label cannot be used before commit: a revision that uses it is split).
// Leading whitespace and comments are skipped; keywords are case-insensitive; quoted
// identifiers and string literals never match a keyword.
bool requires_no_transaction(std::string_view statement);

// CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table ...: the index's name
// (unquoted, as the catalog spells it) and the table as written (a regclass text). A killed or
// failed build leaves an INVALID index of that name, which the runner drops before it runs the
// statement again. nullopt for any other statement, or one without an index name.
struct ConcurrentIndexBuild {
  std::string index;
  std::string table;
};
std::optional<ConcurrentIndexBuild> concurrent_index_build(std::string_view statement);

}  // namespace strata

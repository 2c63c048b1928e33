// Compare two model graphs into the ordered operations that turn one into the other.
//
// The order is one PostgreSQL can run top to bottom:
//   0. drop SQL objects (views, functions, triggers) that go, are changed beyond CREATE OR
//      REPLACE, rest on a table that is dropped or whose columns change type, or rest on one of
//      those; dependents first
//   1. create schemas; rename enums, then enum labels (from RenameHints); create enums and add
//      enum labels
//   2. drop what other things rest on before those things go: policies (changed ones, and all of
//      a table with a column type change), foreign keys, then indexes,
//      checks, uniques and primary keys that disappear or change (a changed definition under
//      the same name is a drop here and an add in step 6; a foreign key whose referenced key is
//      dropped is dropped and added again around it)
//   3. table renames, then column renames (from RenameHints), then constraint and index renames:
//      on a kept table, an object whose definition is unchanged after those renames but whose
//      name differs (conventional names follow the table and column) is renamed, not rebuilt
//   4. create tables in foreign-key dependency order (ties broken by name); a foreign key is
//      created with its table only when what it references already exists and stays: a
//      self-reference, a key that closes a cycle, or one to a key that changes comes in step 6
//   4b. Citus: undistribute kept tables whose distribution changes; distribute new and changed
//      tables (reference tables first, then distributed ones after the table they colocate with),
//      before any foreign key touches them (step 6)
//   5. per existing table: add columns, alter columns, set comments, drop columns
//   6. add primary keys, uniques, checks, indexes, then foreign keys; then row security and
//      policies
//   6b. create SQL objects (new ones and those step 0 dropped), or CREATE OR REPLACE changed
//      ones, in dependency order
//   7. drop tables (dependents first; each carries the table for the downgrade)
//   8. drop enum labels, drop enums, drop schemas
// Column order differences alone produce nothing (PostgreSQL cannot reorder columns); added
// columns carry their place so apply() reproduces the target graph exactly. The schema "public"
// is never created nor dropped. The same inputs always give the same operations.
//
// diff() runs in three phases, one file each: matching pairs `from`'s objects with `to`'s and
// finds the renames (rename_match.hpp), ordering puts created and dropped tables in foreign-key
// dependency order (dependency_order.hpp), and emitting produces the steps above (diff.cpp).
#pragma once

#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

// A rename hint is used when the new table (column, enum, enum label) is absent from `from`, the
// old one exists in `from` and is absent from `to`; otherwise it is inert and the change is a drop
// plus a create.
std::vector<Operation> diff(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints = {});

}  // namespace strata

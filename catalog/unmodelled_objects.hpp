// What a live database holds that inspect_schemas()'s ModelGraph cannot: objects the model
// vocabulary has no word for (DESIGN.md, "The annotation vocabulary"), so that `strata-gen import`
// names each of them instead of dropping it silently.
#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

namespace strata {

struct UnmodelledObject {
  std::string object;  // "schema.name", the table it belongs to for a column, constraint or policy
  std::string reason;  // "column c has type x, a domain the models cannot create"
  bool operator==(const UnmodelledObject&) const = default;
};

// For `schemas`, sorted by object then reason: materialized views, foreign tables,
// sequences (other than an identity column's own: a serial column's sequence is one), partitioned
// tables and table inheritance, UNLOGGED tables, columns of a type that is neither built in nor an enum (domains,
// composite, range and extension types), GENERATED ALWAYS identity, exclusion constraints,
// DEFERRABLE, NOT VALID or MATCH FULL constraints, restrictive policies, row security enabled but
// not forced (or forced but not enabled), overloaded functions, procedures, aggregates and window
// functions, and types other than enums. Objects an extension owns are left out (views, functions
// and triggers are the models' SQL objects: sql_object_catalog.hpp). Tables in `ignore_tables` ("schema.table") are
// left out with what belongs to them.
std::vector<UnmodelledObject> unmodelled_objects(pqxx::transaction_base& tx, const std::vector<std::string>& schemas,
                                                 const std::vector<std::string>& ignore_tables = {});

// The schemas of the database that are not PostgreSQL's own (pg_*, information_schema) nor an
// extension's, sorted by name.
std::vector<std::string> user_schemas(pqxx::transaction_base& tx);

}  // namespace strata

// strata::require_schema(): an application refuses to start on a database that is not at the
// schema it was built for. Header-only, over libpqxx; the application passes the contract of its
// generated/<NAME>_schema.hpp:
//
//   #include "automl_app_schema.hpp"
//   pqxx::connection connection(url);
//   strata::require_schema(connection, automl_app::contract);  // throws SchemaMismatchError
//
// The database is at the contract's schema when its history table (the set's, as the registry
// names it) records the head revision as applied whole and no revision after it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

namespace strata {

// What a generated <NAME>_schema.hpp says the binary needs.
struct SchemaContract {
  std::string_view set_name;       // strata_add_migrations(NAME)
  std::string_view head_revision;  // "0003_add_tenant_region"
  std::string_view snapshot_hash;  // hex SHA-256 of the schema at head (migrations/snapshot.json)
  std::string_view history_table;  // "schema.name" of the set's history table
};

// The database is not at the binary's schema. database_revision(): the revision the database is
// at ("" when it has no history: "base"), or several, comma-separated, when its history branches.
class SchemaMismatchError : public std::runtime_error {
 public:
  SchemaMismatchError(std::string database_revision, std::string required_revision, const std::string& message)
      : std::runtime_error(message),
        database_revision_(std::move(database_revision)),
        required_revision_(std::move(required_revision)) {}
  const std::string& database_revision() const noexcept { return database_revision_; }
  const std::string& required_revision() const noexcept { return required_revision_; }

 private:
  std::string database_revision_;
  std::string required_revision_;
};

// Throws SchemaMismatchError naming what the database has and what the binary needs; the
// connection must have no transaction open. Reads only (one read-only transaction).
inline void require_schema(pqxx::connection& connection, const SchemaContract& contract) {
  const std::string needs(contract.head_revision);
  const std::string table(contract.history_table.empty() ? std::string_view("public.strata_history")
                                                         : contract.history_table);
  const std::size_t dot = table.find('.');
  const std::string schema = dot == std::string::npos ? "public" : table.substr(0, dot);
  const std::string name = dot == std::string::npos ? table : table.substr(dot + 1);
  auto mismatch = [&](const std::string& has, const std::string& why) {
    return SchemaMismatchError(has, needs,
                               "the database is " + why + "; this binary needs " + std::string(contract.set_name) +
                                   " at revision " + needs +
                                   " (run `migrator upgrade`, or deploy the binary built for the database's revision)");
  };
  pqxx::read_transaction tx(connection);
  const std::string qualified = tx.quote_name(schema) + "." + tx.quote_name(name);
  if (tx.exec_params1("SELECT to_regclass($1) IS NULL", qualified)[0].as<bool>()) {
    throw mismatch("", "at base (it has no history table " + qualified + ")");
  }
  // The revisions no other applied revision names as parent: the database's position.
  // partial_step through to_jsonb: a history table of an earlier release lacks the column.
  const pqxx::result leaves =
      tx.exec("SELECT h.revision, (to_jsonb(h) ->> 'partial_step') IS NOT NULL FROM " + qualified +
              " h WHERE NOT EXISTS (SELECT 1 FROM " + qualified + " c WHERE c.parent = h.revision) ORDER BY 1");
  std::string has;
  bool partial = false;
  for (const pqxx::row& row : leaves) {
    has += (has.empty() ? "" : ", ") + row[0].as<std::string>();
    partial = partial || row[1].as<bool>();
  }
  if (leaves.empty()) throw mismatch("", "at base (its history " + qualified + " is empty)");
  if (leaves.size() > 1) throw mismatch(has, "at several revisions (" + has + ")");
  if (partial) throw mismatch(has, "part-way through revision " + has);
  if (has != needs) throw mismatch(has, "at revision " + has);
}

}  // namespace strata

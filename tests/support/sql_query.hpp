// One-statement queries for tests on a real database, each in a transaction of its own.
#pragma once

#include <pqxx/pqxx>
#include <string>

namespace strata::test {

// The first column of the first row of `sql`'s result as text; "NULL" for NULL.
std::string query_scalar(pqxx::connection& connection, const std::string& sql);
// Runs `sql` (one or several statements) and commits.
void execute(pqxx::connection& connection, const std::string& sql);

}  // namespace strata::test

#include "tests/support/sql_query.hpp"

namespace strata::test {

std::string query_scalar(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction tx(connection);
  pqxx::result result = tx.exec(sql);
  return result[0][0].is_null() ? "NULL" : result[0][0].as<std::string>();
}

void execute(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction tx(connection);
  tx.exec(sql);
}

}  // namespace strata::test

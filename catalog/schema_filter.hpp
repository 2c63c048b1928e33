// The WHERE condition that keeps the catalog rows of some schemas (pg_namespace aliased `n`).
#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

namespace strata {

inline std::string schema_filter(pqxx::transaction_base& tx, const std::vector<std::string>& schemas) {
  std::string list;
  for (const auto& schema : schemas) {
    if (!list.empty()) list += ", ";
    list += tx.quote(schema);
  }
  return "n.nspname = ANY (ARRAY[" + list + "]::name[])";
}

}  // namespace strata

// create_index, after: a single-column index and a unique multi-column index added
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") STRATA_UNIQUE_INDEX("ux_accounts_tenant_name", "tenant_id, name") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) STRATA_INDEXED std::string name;
  std::int64_t tenant_id;
};

}  // namespace model_pairs

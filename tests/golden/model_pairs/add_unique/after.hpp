// add_unique, after: a single-column unique and a multi-column unique added
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") STRATA_UNIQUE_TOGETHER("uq_accounts_tenant_name", "tenant_id, name") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) STRATA_UNIQUE std::string name;
  std::int64_t tenant_id;
};

}  // namespace model_pairs

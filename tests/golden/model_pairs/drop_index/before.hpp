// drop_index, before: an index removed
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") STRATA_INDEX("ix_accounts_tenant_name", "tenant_id, name") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  std::int64_t tenant_id;
};

}  // namespace model_pairs

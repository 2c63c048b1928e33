// primary_key_change, after: the primary key moves from id to (tenant_id, id)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") STRATA_PRIMARY_KEY("tenant_id, id") Account {
  STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  std::int64_t tenant_id;
};

}  // namespace model_pairs

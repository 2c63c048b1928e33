// create_policy, before: row security and a tenant policy added to a table
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("documents") Document {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::string title;
};

}  // namespace model_pairs

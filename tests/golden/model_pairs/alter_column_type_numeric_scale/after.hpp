// alter_column_type_numeric_scale, after: numeric(12,4) -> numeric(8,2): a value the new scale would round fails the revision
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  STRATA_TYPE("numeric(8,2)") double balance;
};

}  // namespace model_pairs

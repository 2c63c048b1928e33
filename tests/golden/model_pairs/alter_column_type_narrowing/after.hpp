// alter_column_type_narrowing, after: a column narrowed (destructive): bigint -> integer
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  std::int32_t seats;
};

}  // namespace model_pairs

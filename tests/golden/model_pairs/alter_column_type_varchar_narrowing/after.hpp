// alter_column_type_varchar_narrowing, after: varchar(16) -> varchar(8): a value too long fails the revision, never truncated
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  STRATA_LENGTH(8) std::string locale;
};

}  // namespace model_pairs

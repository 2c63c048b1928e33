// rename_column, after: a column renamed with STRATA_RENAMED_FROM
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) STRATA_RENAMED_FROM("name") STRATA_UNIQUE STRATA_INDEXED std::string display_name;
};

}  // namespace model_pairs

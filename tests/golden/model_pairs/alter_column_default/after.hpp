// alter_column_default, after: a server default added, another changed
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) STRATA_DEFAULT("'unnamed'") std::string name;
  STRATA_DEFAULT("25") std::int32_t seats;
};

}  // namespace model_pairs

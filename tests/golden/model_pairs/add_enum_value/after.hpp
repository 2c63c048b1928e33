// add_enum_value, after: a label inserted in the middle of an enum a column uses
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("account_status") AccountStatus { active, suspended, closed };

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  STRATA_DEFAULT("'active'") AccountStatus status;
};

}  // namespace model_pairs

// create_enum, after: a new enum type (no column uses it yet)
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
};

}  // namespace model_pairs

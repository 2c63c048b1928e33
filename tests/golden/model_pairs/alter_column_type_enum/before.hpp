// alter_column_type_enum, before: a column moved from one enum type to another converts through text, both ways
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("account_status") AccountStatus { active, closed };
enum class STRATA_ENUM("account_state") AccountState { active, closed, suspended };

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  AccountStatus status;
};

}  // namespace model_pairs

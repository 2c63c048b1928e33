// rename_enum, after: an enum type renamed (STRATA_RENAMED_FROM on the enum class) keeps its column's data
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("account_state") STRATA_RENAMED_FROM("account_status") AccountState { active, closed };

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  AccountState status;
};

}  // namespace model_pairs

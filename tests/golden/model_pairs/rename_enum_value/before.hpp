// rename_enum_value, before: an enum label renamed (STRATA_RENAMED_FROM on the enumerator) keeps the rows holding it
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("account_status") AccountStatus { active, closed };

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  AccountStatus status;
};

}  // namespace model_pairs

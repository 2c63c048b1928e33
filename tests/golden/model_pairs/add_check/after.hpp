// add_check, after: a column check and a table check added
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") STRATA_CHECK_TABLE("ck_accounts_name_not_blank", "length(trim(name)) > 0") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  STRATA_CHECK("seats > 0") std::int32_t seats;
};

}  // namespace model_pairs

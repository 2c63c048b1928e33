// add_column_volatile_default (online only), before: accounts without a token
#pragma once

#include <cstdint>
#include <string>

#include <strata/annotate.hpp>

namespace online_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
};

}  // namespace online_pairs

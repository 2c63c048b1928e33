// add_column_volatile_default (online only), after: a NOT NULL column whose default is volatile,
// so each existing row needs its own value: added nullable, backfilled in batches, then NOT NULL
#pragma once

#include <cstdint>
#include <string>

#include <strata/annotate.hpp>

namespace online_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
  STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()") std::string token;
};

}  // namespace online_pairs

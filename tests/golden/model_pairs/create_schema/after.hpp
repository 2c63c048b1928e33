// create_schema, after: a table in a new schema: CREATE SCHEMA, then the table
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(120) std::string name;
};

struct STRATA_TABLE("login_events") STRATA_SCHEMA("audit") LoginEvent {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t account_id;
};

}  // namespace model_pairs

// drop_foreign_key, before: a foreign key removed
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

struct STRATA_TABLE("projects") Project {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_FK("accounts.id") STRATA_ON_DELETE("cascade") std::int64_t account_id;
  std::string title;
};

}  // namespace model_pairs

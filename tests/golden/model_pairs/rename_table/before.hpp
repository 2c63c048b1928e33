// rename_table, before: a table renamed with STRATA_RENAMED_FROM
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
  STRATA_FK("accounts.id") STRATA_ON_DELETE("cascade") STRATA_INDEXED std::int64_t account_id;
  STRATA_UNIQUE STRATA_CHECK("title <> ''") std::string title;
};

}  // namespace model_pairs

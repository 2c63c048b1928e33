// index_predicate_change, after: its predicate and a key's direction change (the index is recreated)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("users") STRATA_UNIQUE_INDEX("ux_users_email", "tenant_id DESC, email")
    STRATA_INDEX_WHERE("ux_users_email", "deleted_at IS NULL AND name <> 'system'") User {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  STRATA_LENGTH(254) std::string email;
  std::string name;
  std::optional<std::chrono::system_clock::time_point> deleted_at;
  std::optional<std::chrono::system_clock::time_point> created_at;
  std::optional<std::vector<std::string>> tags;
};

}  // namespace model_pairs

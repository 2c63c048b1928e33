// index_vocabulary, after: NULLS NOT DISTINCT roles, a case-insensitive e-mail unique among live rows, a covering index with a direction, a gin index
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("roles") STRATA_UNIQUE_TOGETHER("uq_roles_tenant_name", "tenant_id, name")
    STRATA_NULLS_NOT_DISTINCT("uq_roles_tenant_name") Role {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::optional<std::int64_t> tenant_id;
  std::string name;
};

struct STRATA_TABLE("users")
    STRATA_UNIQUE_INDEX("ux_users_lower_email", "lower(email)") STRATA_INDEX_WHERE("ux_users_lower_email", "deleted_at IS NULL")
    STRATA_INDEX("ix_users_tenant_created", "tenant_id, created_at DESC NULLS LAST")
    STRATA_INDEX_INCLUDE("ix_users_tenant_created", "email")
    STRATA_INDEX("ix_users_tags", "tags") STRATA_INDEX_USING("ix_users_tags", "gin")
    STRATA_UNIQUE_INDEX("ux_users_tenant_name", "tenant_id, name") STRATA_NULLS_NOT_DISTINCT("ux_users_tenant_name") User {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  STRATA_LENGTH(254) std::string email;
  std::string name;
  std::optional<std::chrono::system_clock::time_point> deleted_at;
  std::optional<std::chrono::system_clock::time_point> created_at;
  std::optional<std::vector<std::string>> tags;
};

}  // namespace model_pairs

// Users and their API keys, distributed by tenant_id and colocated with tenants.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::citus {

struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("public.tenants")
    STRATA_PRIMARY_KEY("tenant_id, id")
    STRATA_UNIQUE_TOGETHER("uq_users_tenant_email", "tenant_id, email")
    User {
  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(320)
  std::string email;

  STRATA_LENGTH(255)
  std::optional<std::string> full_name;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

struct STRATA_TABLE("api_keys") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("public.tenants")
    STRATA_PRIMARY_KEY("tenant_id, id")
    STRATA_UNIQUE_TOGETHER("uq_api_keys_tenant_prefix", "tenant_id, key_prefix")
    ApiKey {
  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(16)
  std::string key_prefix;

  std::optional<std::chrono::system_clock::time_point> revoked_at;
};

}  // namespace automl::citus

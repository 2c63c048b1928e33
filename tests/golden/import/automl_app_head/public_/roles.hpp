// Table public.roles, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("roles")
    STRATA_COMMENT("Roles; tenant_id NULL marks a built-in system role shared by all tenants")
    STRATA_UNIQUE_TOGETHER("uq_roles_tenant_name", "tenant_id, name")
    STRATA_CHECK_TABLE("ck_roles_system_has_no_tenant", "is_system = (tenant_id IS NULL)")
    roles {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::optional<std::string> tenant_id;

  STRATA_LENGTH(64) STRATA_CHECK("name::text <> ''::text")
  std::string name;

  std::optional<std::string> description;

  STRATA_DEFAULT("false")
  bool is_system;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

}  // namespace models::public_

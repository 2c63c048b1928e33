// Table public.role_permissions, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <string>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("role_permissions")
    STRATA_COMMENT("Permissions carried by each role")
    role_permissions {
  STRATA_PK STRATA_TYPE("uuid") STRATA_FK("roles.id") STRATA_ON_DELETE("cascade")
  std::string role_id;

  STRATA_PK STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("permissions.id") STRATA_ON_DELETE("cascade")
  std::string permission_id;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point granted_at;
};

}  // namespace models::public_

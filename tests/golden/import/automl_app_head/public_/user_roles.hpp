// Table public.user_roles, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("user_roles")
    STRATA_COMMENT("Roles granted to users, optionally until expires_at")
    STRATA_CHECK_TABLE("ck_user_roles_expiry", "expires_at IS NULL OR expires_at > granted_at")
    user_roles {
  STRATA_PK STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  STRATA_PK STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("roles.id") STRATA_ON_DELETE("cascade")
  std::string role_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("set null") STRATA_COMMENT("Who granted the role; NULL once that user is deleted")
  std::optional<std::string> granted_by;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point granted_at;

  std::optional<std::chrono::system_clock::time_point> expires_at;
};

}  // namespace models::public_

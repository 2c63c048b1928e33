// Table public.project_users, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::public_ {

struct STRATA_TABLE("project_users")
    STRATA_COMMENT("Project membership and the member's role in the project")
    project_users {
  STRATA_PK STRATA_TYPE("uuid") STRATA_FK("projects.id") STRATA_ON_DELETE("cascade")
  std::string project_id;

  STRATA_PK STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  STRATA_DEFAULT("'viewer'::project_role")
  ProjectRole role;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> added_by;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point added_at;
};

}  // namespace models::public_

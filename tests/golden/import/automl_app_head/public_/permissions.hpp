// Table public.permissions, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("permissions")
    STRATA_COMMENT("Granular permissions, code = '<resource>:<action>'")
    STRATA_UNIQUE_TOGETHER("uq_permissions_resource_action", "resource, action")
    permissions {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(128) STRATA_UNIQUE STRATA_CHECK("code::text ~ '^[a-z_]+:[a-z_*]+$'::text")
  std::string code;

  STRATA_LENGTH(64)
  std::string resource;

  STRATA_LENGTH(32)
  std::string action;

  std::optional<std::string> description;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

}  // namespace models::public_

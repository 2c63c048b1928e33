// Table public.audit_logs, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("audit_logs")
    STRATA_COMMENT("Tenant-visible activity log; append-only")
    STRATA_INDEX("ix_audit_logs_resource", "resource_type, resource_id")
    STRATA_INDEX("ix_audit_logs_tenant_created", "tenant_id, created_at")
    STRATA_INDEX("ix_audit_logs_user_created", "user_id, created_at")
    audit_logs {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade") STRATA_COMMENT("NULL for platform-level actions")
  std::optional<std::string> tenant_id;

  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> user_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("api_keys.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> api_key_id;

  STRATA_LENGTH(128) STRATA_COMMENT("Dotted verb, e.g. 'project.create'")
  std::string action;

  STRATA_LENGTH(64)
  std::string resource_type;

  STRATA_LENGTH(128)
  std::optional<std::string> resource_id;

  STRATA_TYPE("inet")
  std::optional<std::string> ip_address;

  std::optional<std::string> user_agent;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string details;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

}  // namespace models::public_

// Table audit.data_retention, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::audit {

struct STRATA_TABLE("data_retention")
    STRATA_SCHEMA("audit")
    STRATA_COMMENT("Retention policies applied by the nightly purge job; tenant_id NULL = platform default")
    STRATA_UNIQUE_TOGETHER("uq_data_retention_tenant_target", "tenant_id, target_schema, target_table")
    STRATA_INDEX("ix_data_retention_next_run", "is_active, next_run_at")
    data_retention {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("public.tenants.id") STRATA_ON_DELETE("cascade")
  std::optional<std::string> tenant_id;

  STRATA_LENGTH(63) STRATA_CHECK("target_schema::text = ANY (ARRAY['public'::character varying, 'audit'::character varying]::text[])")
  std::string target_schema;

  STRATA_LENGTH(63)
  std::string target_table;

  STRATA_LENGTH(63) STRATA_DEFAULT("'created_at'::character varying") STRATA_COMMENT("Column whose age decides when a row expires")
  std::string timestamp_column;

  STRATA_CHECK("retention_days >= 1 AND retention_days <= 36500")
  std::int32_t retention_days;

  STRATA_DEFAULT("'remove'::audit.retention_action")
  RetentionAction action;

  STRATA_COMMENT("Legal basis or regulation the period comes from")
  std::optional<std::string> legal_basis;

  STRATA_DEFAULT("true")
  bool is_active;

  std::optional<std::chrono::system_clock::time_point> last_applied_at;

  std::optional<std::chrono::system_clock::time_point> next_run_at;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("public.users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> created_by;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

}  // namespace models::audit

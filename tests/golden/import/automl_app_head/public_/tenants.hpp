// Table public.tenants, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::public_ {

struct STRATA_TABLE("tenants")
    STRATA_COMMENT("Customer organisations; every application row belongs to one tenant")
    STRATA_INDEX("ix_tenants_status_plan", "status, plan")
    STRATA_CHECK_TABLE("ck_tenants_trial_end", "status <> 'trial'::tenant_status OR trial_ends_at IS NOT NULL")
    tenants {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(63) STRATA_UNIQUE STRATA_CHECK("slug::text ~ '^[a-z0-9][a-z0-9-]*$'::text") STRATA_COMMENT("URL-safe identifier, used in sub-domains")
  std::string slug;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_DEFAULT("'free'::tenant_plan")
  TenantPlan plan;

  STRATA_DEFAULT("'trial'::tenant_status")
  TenantStatus status;

  STRATA_CHECK("max_users >= 0") STRATA_DEFAULT("5")
  std::int32_t max_users;

  STRATA_CHECK("max_projects >= 0") STRATA_DEFAULT("3")
  std::int32_t max_projects;

  STRATA_CHECK("max_concurrent_jobs >= 0") STRATA_DEFAULT("2")
  std::int32_t max_concurrent_jobs;

  STRATA_CHECK("storage_quota_bytes >= 0") STRATA_DEFAULT("'10737418240'::bigint") STRATA_COMMENT("Artifact storage quota in bytes (default 10 GiB)")
  std::int64_t storage_quota_bytes;

  STRATA_CHECK("gpu_hours_quota >= 0::double precision") STRATA_DEFAULT("0")
  double gpu_hours_quota;

  STRATA_LENGTH(32) STRATA_DEFAULT("'eu-west-3'::character varying") STRATA_COMMENT("Cloud region where the tenant's data must stay")
  std::string data_region;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string settings;

  STRATA_DEFAULT("now() + '14 days'::interval") STRATA_COMMENT("End of the free trial; required while status is 'trial'")
  std::optional<std::chrono::system_clock::time_point> trial_ends_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;

  STRATA_COMMENT("Soft delete: set when the tenant is closed, rows are purged later")
  std::optional<std::chrono::system_clock::time_point> deleted_at;
};

}  // namespace models::public_

// Tenants: the root of the multi-tenant platform; almost every other row belongs to one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::models {

enum class STRATA_ENUM("tenant_plan") TenantPlan { free, starter, professional, enterprise };

enum class STRATA_ENUM("tenant_status") TenantStatus { trial, active, suspended, closed };

struct STRATA_TABLE("tenants")
    STRATA_COMMENT("Customer organisations; every application row belongs to one tenant")
    STRATA_INDEX("ix_tenants_status_plan", "status, plan")
    STRATA_CHECK_TABLE("ck_tenants_trial_end", "status <> 'trial' OR trial_ends_at IS NOT NULL")
    Tenant {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(63) STRATA_UNIQUE STRATA_CHECK("slug ~ '^[a-z0-9][a-z0-9-]*$'")
  STRATA_COMMENT("URL-safe identifier, used in sub-domains")
  std::string slug;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_DEFAULT("'free'")
  TenantPlan plan = TenantPlan::free;

  STRATA_DEFAULT("'trial'")
  TenantStatus status = TenantStatus::trial;

  // Quotas are enforced by the API; the checks only keep nonsense out of the table.
  STRATA_DEFAULT("5") STRATA_CHECK("max_users >= 0")
  std::int32_t max_users = 5;

  STRATA_DEFAULT("3") STRATA_CHECK("max_projects >= 0")
  std::int32_t max_projects = 3;

  STRATA_DEFAULT("2") STRATA_CHECK("max_concurrent_jobs >= 0")
  std::int32_t max_concurrent_jobs = 2;

  STRATA_DEFAULT("10737418240") STRATA_CHECK("storage_quota_bytes >= 0")
  STRATA_COMMENT("Artifact storage quota in bytes (default 10 GiB)")
  std::int64_t storage_quota_bytes = 10737418240;

  STRATA_DEFAULT("0") STRATA_CHECK("gpu_hours_quota >= 0")
  double gpu_hours_quota = 0;

  STRATA_LENGTH(32) STRATA_DEFAULT("'eu-west-3'")
  STRATA_COMMENT("Cloud region where the tenant's data must stay")
  std::string data_region;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string settings;

  STRATA_DEFAULT("now() + interval '14 days'") STRATA_COMMENT("End of the free trial; required while status is 'trial'")
  std::optional<std::chrono::system_clock::time_point> trial_ends_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;

  STRATA_COMMENT("Soft delete: set when the tenant is closed, rows are purged later")
  std::optional<std::chrono::system_clock::time_point> deleted_at;
};

}  // namespace automl::models

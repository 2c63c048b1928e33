// Table public.projects, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("projects")
    STRATA_COMMENT("ML projects; each maps to one MLflow experiment in the automl database")
    STRATA_UNIQUE_TOGETHER("uq_projects_tenant_slug", "tenant_id, slug")
    STRATA_INDEX("ix_projects_tenant_created", "tenant_id, created_at")
    STRATA_CHECK_TABLE("ck_projects_archived", "is_archived = (archived_at IS NOT NULL)")
    STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = NULLIF(current_setting('app.tenant_id'::text, true), ''::text)::uuid")
    projects {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> owner_id;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_LENGTH(63) STRATA_CHECK("slug::text ~ '^[a-z0-9][a-z0-9-]*$'::text")
  std::string slug;

  std::optional<std::string> description;

  STRATA_LENGTH(64) STRATA_UNIQUE STRATA_COMMENT("MLflow experiment id in the automl database")
  std::optional<std::string> mlflow_experiment_id;

  STRATA_DEFAULT("'{}'::text[]")
  std::vector<std::string> tags;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string settings;

  STRATA_DEFAULT("false")
  bool is_archived;

  std::optional<std::chrono::system_clock::time_point> archived_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

}  // namespace models::public_

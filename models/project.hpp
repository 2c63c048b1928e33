// Projects: a tenant's ML workspaces, and the members who may work in each.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace automl::models {

enum class STRATA_ENUM("project_role") ProjectRole { owner, maintainer, editor, viewer };

struct STRATA_TABLE("projects")
    STRATA_COMMENT("ML projects; each maps to one MLflow experiment in the automl database")
    STRATA_UNIQUE_TOGETHER("uq_projects_tenant_slug", "tenant_id, slug")
    STRATA_INDEX("ix_projects_tenant_created", "tenant_id, created_at")
    STRATA_INDEX("ix_projects_owner_id", "owner_id")
    STRATA_CHECK_TABLE("ck_projects_archived", "is_archived = (archived_at IS NOT NULL)")
    STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid")
    Project {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  // SET NULL, not RESTRICT: deleting a tenant cascades to users and projects in one statement.
  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> owner_id;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_LENGTH(63) STRATA_CHECK("slug ~ '^[a-z0-9][a-z0-9-]*$'")
  std::string slug;

  std::optional<std::string> description;

  // No foreign key: MLflow's tables live in another database.
  STRATA_LENGTH(64) STRATA_UNIQUE STRATA_COMMENT("MLflow experiment id in the automl database")
  std::optional<std::string> mlflow_experiment_id;

  STRATA_DEFAULT("'{}'::text[]")
  std::vector<std::string> tags;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string settings;

  STRATA_DEFAULT("false")
  bool is_archived = false;

  std::optional<std::chrono::system_clock::time_point> archived_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

struct STRATA_TABLE("project_users")
    STRATA_COMMENT("Project membership and the member's role in the project")
    STRATA_PRIMARY_KEY("project_id, user_id")
    STRATA_INDEX("ix_project_users_user_id", "user_id")
    STRATA_INDEX("ix_project_users_added_by", "added_by")
    ProjectUser {
  STRATA_TYPE("uuid") STRATA_FK("projects.id") STRATA_ON_DELETE("cascade")
  std::string project_id;

  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  STRATA_DEFAULT("'viewer'")
  ProjectRole role = ProjectRole::viewer;

  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> added_by;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point added_at;
};

}  // namespace automl::models

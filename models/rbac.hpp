// Role-based access control: roles (per tenant, or platform-wide system roles), permissions,
// and the two link tables that grant them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::models {

struct STRATA_TABLE("roles")
    STRATA_COMMENT("Roles; tenant_id NULL marks a built-in system role shared by all tenants")
    STRATA_UNIQUE_TOGETHER("uq_roles_tenant_name", "tenant_id, name")
    STRATA_CHECK_TABLE("ck_roles_system_has_no_tenant", "is_system = (tenant_id IS NULL)")
    Role {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::optional<std::string> tenant_id;

  STRATA_LENGTH(64) STRATA_CHECK("name <> ''")
  std::string name;

  std::optional<std::string> description;

  STRATA_DEFAULT("false")
  bool is_system = false;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

struct STRATA_TABLE("permissions")
    STRATA_COMMENT("Granular permissions, code = '<resource>:<action>'")
    STRATA_UNIQUE_TOGETHER("uq_permissions_resource_action", "resource, action")
    Permission {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(128) STRATA_UNIQUE STRATA_CHECK("code ~ '^[a-z_]+:[a-z_*]+$'")
  std::string code;

  STRATA_LENGTH(64)
  std::string resource;

  STRATA_LENGTH(32)
  std::string action;

  std::optional<std::string> description;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

struct STRATA_TABLE("user_roles")
    STRATA_COMMENT("Roles granted to users, optionally until expires_at")
    STRATA_PRIMARY_KEY("user_id, role_id")
    STRATA_INDEX("ix_user_roles_role_id", "role_id")
    STRATA_INDEX("ix_user_roles_granted_by", "granted_by")
    STRATA_CHECK_TABLE("ck_user_roles_expiry", "expires_at IS NULL OR expires_at > granted_at")
    UserRole {
  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  STRATA_TYPE("uuid") STRATA_FK("roles.id") STRATA_ON_DELETE("cascade")
  std::string role_id;

  STRATA_TYPE("uuid") STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  STRATA_COMMENT("Who granted the role; NULL once that user is deleted")
  std::optional<std::string> granted_by;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point granted_at;

  std::optional<std::chrono::system_clock::time_point> expires_at;
};

struct STRATA_TABLE("role_permissions")
    STRATA_COMMENT("Permissions carried by each role")
    STRATA_INDEX("ix_role_permissions_permission_id", "permission_id")
    RolePermission {
  STRATA_PK STRATA_TYPE("uuid") STRATA_FK("roles.id") STRATA_ON_DELETE("cascade")
  std::string role_id;

  STRATA_PK STRATA_TYPE("uuid") STRATA_FK("permissions.id") STRATA_ON_DELETE("cascade")
  std::string permission_id;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point granted_at;
};

}  // namespace automl::models

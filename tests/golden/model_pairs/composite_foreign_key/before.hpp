// composite_foreign_key, before: memberships without a key to roles
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("roles") STRATA_UNIQUE_TOGETHER("uq_roles_tenant_id", "tenant_id, id") Role {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::string name;
};

struct STRATA_TABLE("memberships") STRATA_INDEX("ix_memberships_tenant_role", "tenant_id, role_id") Membership {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::int64_t role_id;
};

}  // namespace model_pairs

// composite_foreign_key, after: a two-column foreign key with its own actions
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

struct STRATA_TABLE("memberships") STRATA_INDEX("ix_memberships_tenant_role", "tenant_id, role_id")
    STRATA_FOREIGN_KEY("fk_memberships_role", "tenant_id, role_id", "public.roles(tenant_id, id)")
    STRATA_FOREIGN_KEY_ON_DELETE("fk_memberships_role", "cascade")
    STRATA_FOREIGN_KEY_ON_UPDATE("fk_memberships_role", "restrict") Membership {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::int64_t role_id;
};

}  // namespace model_pairs

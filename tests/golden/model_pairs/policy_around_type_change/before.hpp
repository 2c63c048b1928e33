// policy_around_type_change, before: a column a policy uses changes type: the policy is dropped and created around it
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("documents") STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = current_setting('app.tenant_id')::bigint")
    STRATA_POLICY_ROLES("tenant_isolation", "app_user") Document {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::string title;
};

}  // namespace model_pairs

// change_policy, after: a policy's USING, WITH CHECK and roles change; an INSERT policy is added
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("documents") STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = current_setting('app.tenant_id', true)::bigint")
    STRATA_POLICY_CHECK("tenant_isolation", "tenant_id = current_setting('app.tenant_id', true)::bigint AND title <> ''")
    STRATA_POLICY_ROLES("tenant_isolation", "app_user, app_admin")
    STRATA_POLICY("insert_own", "INSERT", "")
    STRATA_POLICY_CHECK("insert_own", "tenant_id > 0") Document {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  std::string title;
};

}  // namespace model_pairs

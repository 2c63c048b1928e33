// The enums of schema public, written by `strata-gen import`.
#pragma once

#include <strata/annotate.hpp>

namespace models::public_ {

enum class STRATA_ENUM("project_role") ProjectRole { owner, maintainer, editor, viewer };

enum class STRATA_ENUM("sso_provider") SsoProvider { saml, oidc, google, azure_ad, okta };

enum class STRATA_ENUM("tenant_plan") TenantPlan { free, starter, professional, enterprise };

enum class STRATA_ENUM("tenant_status") TenantStatus { trial, active, suspended, closed };

enum class STRATA_ENUM("user_status") UserStatus { invited, active, suspended, deactivated };

}  // namespace models::public_

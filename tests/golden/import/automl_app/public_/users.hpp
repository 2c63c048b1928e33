// Table public.users, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::public_ {

struct STRATA_TABLE("users")
    STRATA_COMMENT("Tenant members; e-mail unique per tenant, SSO identity unique per tenant")
    STRATA_UNIQUE_TOGETHER("uq_users_tenant_email", "tenant_id, email")
    STRATA_UNIQUE_TOGETHER("uq_users_tenant_sso_identity", "tenant_id, sso_provider, sso_subject")
    STRATA_CHECK_TABLE("ck_users_can_sign_in", "password_hash IS NOT NULL OR sso_subject IS NOT NULL OR status = 'invited'::user_status")
    STRATA_CHECK_TABLE("ck_users_sso_identity_complete", "(sso_provider IS NULL) = (sso_subject IS NULL)")
    STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = NULLIF(current_setting('app.tenant_id'::text, true), ''::text)::uuid")
    users {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_LENGTH(320) STRATA_INDEXED STRATA_CHECK("email::text ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text") STRATA_COMMENT("Stored lower-case by the application")
  std::string email;

  STRATA_LENGTH(255)
  std::optional<std::string> full_name;

  STRATA_DEFAULT("'invited'::user_status")
  UserStatus status;

  STRATA_COMMENT("argon2id hash; NULL for SSO-only accounts")
  std::optional<std::string> password_hash;

  std::optional<SsoProvider> sso_provider;

  STRATA_LENGTH(255) STRATA_COMMENT("Subject (NameID / sub claim) at the SSO provider")
  std::optional<std::string> sso_subject;

  STRATA_DEFAULT("false")
  bool is_superuser;

  STRATA_DEFAULT("false")
  bool mfa_enabled;

  STRATA_CHECK("failed_login_count >= 0") STRATA_DEFAULT("0")
  std::int16_t failed_login_count;

  STRATA_LENGTH(16) STRATA_DEFAULT("'en'::character varying")
  std::string locale;

  STRATA_LENGTH(64) STRATA_DEFAULT("'UTC'::character varying")
  std::string timezone;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string preferences;

  std::optional<std::chrono::system_clock::time_point> last_login_at;

  std::optional<std::chrono::system_clock::time_point> locked_until;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

}  // namespace models::public_

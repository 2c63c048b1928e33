// Table public.api_keys, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("api_keys")
    STRATA_COMMENT("API keys: only a SHA-256 of the secret and its display prefix are stored")
    STRATA_INDEX("ix_api_keys_tenant_created", "tenant_id, created_at")
    STRATA_CHECK_TABLE("ck_api_keys_expiry", "expires_at IS NULL OR expires_at > created_at")
    STRATA_ROW_SECURITY
    STRATA_POLICY("tenant_isolation", "ALL", "tenant_id = NULLIF(current_setting('app.tenant_id'::text, true), ''::text)::uuid")
    api_keys {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("cascade") STRATA_COMMENT("Owner of a personal key; NULL for a tenant service key")
  std::optional<std::string> user_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> created_by;

  STRATA_LENGTH(128)
  std::string name;

  STRATA_LENGTH(16) STRATA_UNIQUE STRATA_CHECK("length(key_prefix::text) >= 8") STRATA_COMMENT("First characters of the secret, e.g. 'aml_3fQ9'; identifies the key")
  std::string key_prefix;

  STRATA_UNIQUE STRATA_CHECK("octet_length(key_hash) = 32") STRATA_COMMENT("SHA-256 of the full secret")
  std::vector<std::uint8_t> key_hash;

  STRATA_DEFAULT("'{}'::text[]") STRATA_COMMENT("Permission codes the key is limited to; empty = owner's")
  std::vector<std::string> scopes;

  STRATA_CHECK("rate_limit_per_minute > 0") STRATA_DEFAULT("600")
  std::int32_t rate_limit_per_minute;

  std::optional<std::chrono::system_clock::time_point> expires_at;

  std::optional<std::chrono::system_clock::time_point> last_used_at;

  STRATA_TYPE("inet")
  std::optional<std::string> last_used_ip;

  std::optional<std::chrono::system_clock::time_point> revoked_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

}  // namespace models::public_

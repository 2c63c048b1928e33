// Table audit.consent_records, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::audit {

struct STRATA_TABLE("consent_records")
    STRATA_SCHEMA("audit")
    STRATA_COMMENT("Consent given or withdrawn by users; the latest row per (user, kind) is in force")
    STRATA_INDEX("ix_consent_records_tenant_kind", "tenant_id, kind")
    STRATA_INDEX("ix_consent_records_user_kind_recorded", "user_id, kind, recorded_at")
    consent_records {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("public.tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_FK("public.users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  ConsentKind kind;

  STRATA_COMMENT("true = consent given, false = withdrawn")
  bool granted;

  STRATA_LENGTH(32) STRATA_COMMENT("Version of the policy text the user saw")
  std::string policy_version;

  STRATA_LENGTH(16) STRATA_CHECK("source::text = ANY (ARRAY['web'::character varying, 'api'::character varying, 'import'::character varying, 'support'::character varying]::text[])") STRATA_DEFAULT("'web'::character varying")
  std::string source;

  STRATA_TYPE("inet")
  std::optional<std::string> ip_address;

  std::optional<std::string> user_agent;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string evidence;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point recorded_at;
};

}  // namespace models::audit

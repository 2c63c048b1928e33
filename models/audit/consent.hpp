// Consent records: one row per grant or withdrawal, never updated, so the history is the proof.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::models::audit {

enum class STRATA_ENUM("consent_kind") STRATA_SCHEMA("audit")
    ConsentKind { terms_of_service, privacy_policy, marketing_email, product_analytics, model_training_on_data };

struct STRATA_TABLE("consent_records") STRATA_SCHEMA("audit")
    STRATA_COMMENT("Consent given or withdrawn by users; the latest row per (user, kind) is in force")
    STRATA_INDEX("ix_consent_records_user_kind_recorded", "user_id, kind, recorded_at")
    STRATA_INDEX("ix_consent_records_tenant_kind", "tenant_id, kind")
    ConsentRecord {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("public.tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_FK("public.users.id") STRATA_ON_DELETE("cascade")
  std::string user_id;

  ConsentKind kind = ConsentKind::terms_of_service;

  STRATA_COMMENT("true = consent given, false = withdrawn")
  bool granted = false;

  STRATA_LENGTH(32) STRATA_COMMENT("Version of the policy text the user saw")
  std::string policy_version;

  STRATA_LENGTH(16) STRATA_DEFAULT("'web'") STRATA_CHECK("source IN ('web', 'api', 'import', 'support')")
  std::string source;

  STRATA_TYPE("inet")
  std::optional<std::string> ip_address;

  std::optional<std::string> user_agent;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string evidence;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point recorded_at;
};

}  // namespace automl::models::audit

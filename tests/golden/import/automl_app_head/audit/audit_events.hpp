// Table audit.audit_events, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::audit {

struct STRATA_TABLE("audit_events")
    STRATA_SCHEMA("audit")
    STRATA_COMMENT("Compliance journal; append-only, kept after the tenant is deleted")
    STRATA_INDEX("ix_audit_events_actor_occurred", "actor_user_id, occurred_at")
    STRATA_INDEX("ix_audit_events_resource", "resource_type, resource_id")
    STRATA_INDEX("ix_audit_events_tenant_occurred", "tenant_id, occurred_at")
    STRATA_INDEX("ix_audit_events_type_occurred", "event_type, occurred_at")
    audit_events {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point occurred_at;

  STRATA_TYPE("uuid")
  std::optional<std::string> tenant_id;

  STRATA_LENGTH(16) STRATA_CHECK("actor_type::text = ANY (ARRAY['user'::character varying, 'api_key'::character varying, 'system'::character varying]::text[])")
  std::string actor_type;

  STRATA_TYPE("uuid")
  std::optional<std::string> actor_user_id;

  STRATA_TYPE("uuid")
  std::optional<std::string> api_key_id;

  STRATA_LENGTH(128) STRATA_COMMENT("Dotted event name, e.g. 'auth.login.failed'")
  std::string event_type;

  STRATA_DEFAULT("'info'::audit.event_severity")
  EventSeverity severity;

  EventOutcome outcome;

  STRATA_LENGTH(64)
  std::optional<std::string> resource_type;

  STRATA_LENGTH(128)
  std::optional<std::string> resource_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_COMMENT("Correlation id of the HTTP request or job")
  std::optional<std::string> request_id;

  STRATA_TYPE("inet")
  std::optional<std::string> ip_address;

  std::optional<std::string> user_agent;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string payload;

  STRATA_CHECK("octet_length(previous_hash) = 32") STRATA_COMMENT("event_hash of the previous event; NULL for the first event")
  std::optional<std::vector<std::uint8_t>> previous_hash;

  STRATA_CHECK("octet_length(event_hash) = 32") STRATA_COMMENT("SHA-256 over previous_hash and this row: a hash chain that shows tampering")
  std::vector<std::uint8_t> event_hash;
};

}  // namespace models::audit

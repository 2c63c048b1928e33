// The compliance journal: detailed, tamper-evident audit events.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace automl::models::audit {

enum class STRATA_ENUM("event_severity") STRATA_SCHEMA("audit")
    EventSeverity { debug, info, notice, warning, error, critical };

enum class STRATA_ENUM("event_outcome") STRATA_SCHEMA("audit") EventOutcome { success, failure, denied };

// tenant_id, actor_user_id and api_key_id carry no foreign key on purpose: the journal must
// outlive the rows it mentions and must never be rewritten by an ON DELETE action.
struct STRATA_TABLE("audit_events") STRATA_SCHEMA("audit")
    STRATA_COMMENT("Compliance journal; append-only, kept after the tenant is deleted")
    STRATA_INDEX("ix_audit_events_tenant_occurred", "tenant_id, occurred_at")
    STRATA_INDEX("ix_audit_events_actor_occurred", "actor_user_id, occurred_at")
    STRATA_INDEX("ix_audit_events_type_occurred", "event_type, occurred_at")
    STRATA_INDEX("ix_audit_events_resource", "resource_type, resource_id")
    STRATA_INDEX("ix_audit_events_request_id", "request_id")
    AuditEvent {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id = 0;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point occurred_at;

  STRATA_TYPE("uuid")
  std::optional<std::string> tenant_id;

  STRATA_LENGTH(16) STRATA_CHECK("actor_type IN ('user', 'api_key', 'system')")
  std::string actor_type;

  STRATA_TYPE("uuid")
  std::optional<std::string> actor_user_id;

  STRATA_TYPE("uuid")
  std::optional<std::string> api_key_id;

  STRATA_LENGTH(128) STRATA_COMMENT("Dotted event name, e.g. 'auth.login.failed'")
  std::string event_type;

  STRATA_DEFAULT("'info'")
  EventSeverity severity = EventSeverity::info;

  EventOutcome outcome = EventOutcome::success;

  STRATA_LENGTH(64)
  std::optional<std::string> resource_type;

  STRATA_LENGTH(128)
  std::optional<std::string> resource_id;

  STRATA_TYPE("uuid") STRATA_COMMENT("Correlation id of the HTTP request or job")
  std::optional<std::string> request_id;

  STRATA_TYPE("inet")
  std::optional<std::string> ip_address;

  std::optional<std::string> user_agent;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string payload;

  STRATA_CHECK("octet_length(previous_hash) = 32")
  STRATA_COMMENT("event_hash of the previous event; NULL for the first event")
  std::optional<std::vector<std::uint8_t>> previous_hash;

  STRATA_CHECK("octet_length(event_hash) = 32")
  STRATA_COMMENT("SHA-256 over previous_hash and this row: a hash chain that shows tampering")
  std::vector<std::uint8_t> event_hash;
};

}  // namespace automl::models::audit

// Projects and the audit trail, distributed by tenant_id and colocated with tenants.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::citus {

struct STRATA_TABLE("projects") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("public.tenants")
    STRATA_PRIMARY_KEY("tenant_id, id")
    STRATA_UNIQUE_TOGETHER("uq_projects_tenant_slug", "tenant_id, slug")
    STRATA_INDEX("ix_projects_tenant_created", "tenant_id, created_at")
    Project {
  // Colocated with tenants, so the key is checked on each shard.
  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_LENGTH(63)
  std::string slug;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  std::optional<std::chrono::system_clock::time_point> archived_at;
};

// An identity key and a foreign key to a reference table: distributed before the key is added.
struct STRATA_TABLE("audit_events") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("public.tenants")
    STRATA_PRIMARY_KEY("tenant_id, id")
    STRATA_INDEX("ix_audit_events_event_type_id", "event_type_id")
    AuditEvent {
  STRATA_TYPE("uuid") STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_IDENTITY
  std::int64_t id;

  STRATA_FK("event_types.id")
  std::int64_t event_type_id;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string detail;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point occurred_at;
};

}  // namespace automl::citus

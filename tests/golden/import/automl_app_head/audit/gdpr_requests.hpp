// Table audit.gdpr_requests, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::audit {

struct STRATA_TABLE("gdpr_requests")
    STRATA_SCHEMA("audit")
    STRATA_COMMENT("GDPR data-subject requests; answer due within one month (art. 12(3))")
    STRATA_INDEX("ix_gdpr_requests_status_due", "status, due_at")
    STRATA_INDEX("ix_gdpr_requests_tenant_status", "tenant_id, status")
    STRATA_CHECK_TABLE("ck_gdpr_requests_due_after_request", "due_at >= requested_at")
    gdpr_requests {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("public.tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("public.users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> user_id;

  STRATA_LENGTH(320)
  std::string subject_email;

  GdprRequestKind kind;

  STRATA_DEFAULT("'pending'::audit.gdpr_request_status")
  GdprRequestStatus status;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point requested_at;

  STRATA_DEFAULT("now() + '30 days'::interval")
  std::chrono::system_clock::time_point due_at;

  STRATA_CHECK("(status = ANY (ARRAY['completed'::audit.gdpr_request_status, 'rejected'::audit.gdpr_request_status, 'cancelled'::audit.gdpr_request_status])) = (closed_at IS NOT NULL)")
  std::optional<std::chrono::system_clock::time_point> closed_at;

  STRATA_TYPE("uuid") STRATA_INDEXED STRATA_FK("public.users.id") STRATA_ON_DELETE("set null") STRATA_COMMENT("Staff member who handled the request")
  std::optional<std::string> handled_by;

  STRATA_CHECK("status <> 'rejected'::audit.gdpr_request_status OR rejection_reason IS NOT NULL")
  std::optional<std::string> rejection_reason;

  STRATA_COMMENT("Where the export archive of an access or portability request was delivered")
  std::optional<std::string> export_uri;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string details;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point updated_at;
};

}  // namespace models::audit

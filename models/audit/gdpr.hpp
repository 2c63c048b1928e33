// GDPR data-subject requests (articles 15-21) and their handling.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::models::audit {

enum class STRATA_ENUM("gdpr_request_kind") STRATA_SCHEMA("audit")
    GdprRequestKind { access, rectification, erasure, restriction, portability, objection };

enum class STRATA_ENUM("gdpr_request_status") STRATA_SCHEMA("audit")
    GdprRequestStatus { pending, in_progress, completed, rejected, cancelled };

// The request outlives an erased user (it is the proof of erasure), hence SET NULL on user_id
// and the subject's e-mail kept in the row.
struct STRATA_TABLE("gdpr_requests") STRATA_SCHEMA("audit")
    STRATA_COMMENT("GDPR data-subject requests; answer due within one month (art. 12(3))")
    STRATA_INDEX("ix_gdpr_requests_tenant_status", "tenant_id, status")
    STRATA_INDEX("ix_gdpr_requests_user_id", "user_id")
    STRATA_INDEX("ix_gdpr_requests_handled_by", "handled_by")
    STRATA_INDEX("ix_gdpr_requests_status_due", "status, due_at")
    STRATA_CHECK_TABLE("ck_gdpr_requests_closed_at", "(status IN ('completed', 'rejected', 'cancelled')) = (closed_at IS NOT NULL)")
    STRATA_CHECK_TABLE("ck_gdpr_requests_rejection_reason", "status <> 'rejected' OR rejection_reason IS NOT NULL")
    STRATA_CHECK_TABLE("ck_gdpr_requests_due_after_request", "due_at >= requested_at")
    GdprRequest {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  STRATA_TYPE("uuid") STRATA_FK("public.tenants.id") STRATA_ON_DELETE("cascade")
  std::string tenant_id;

  STRATA_TYPE("uuid") STRATA_FK("public.users.id") STRATA_ON_DELETE("set null")
  std::optional<std::string> user_id;

  STRATA_LENGTH(320)
  std::string subject_email;

  GdprRequestKind kind = GdprRequestKind::access;

  STRATA_DEFAULT("'pending'")
  GdprRequestStatus status = GdprRequestStatus::pending;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point requested_at;

  STRATA_DEFAULT("now() + interval '30 days'")
  std::chrono::system_clock::time_point due_at;

  std::optional<std::chrono::system_clock::time_point> closed_at;

  STRATA_TYPE("uuid") STRATA_FK("public.users.id") STRATA_ON_DELETE("set null")
  STRATA_COMMENT("Staff member who handled the request")
  std::optional<std::string> handled_by;

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

}  // namespace automl::models::audit

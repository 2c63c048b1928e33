// The enums of schema audit, written by `strata-gen import`.
#pragma once

#include <strata/annotate.hpp>

namespace models::audit {

enum class STRATA_ENUM("consent_kind") STRATA_SCHEMA("audit") ConsentKind { terms_of_service, privacy_policy, marketing_email, product_analytics, model_training_on_data };

enum class STRATA_ENUM("event_outcome") STRATA_SCHEMA("audit") EventOutcome { success, failure, denied };

enum class STRATA_ENUM("event_severity") STRATA_SCHEMA("audit") EventSeverity { debug, info, notice, warning, error, critical };

enum class STRATA_ENUM("gdpr_request_kind") STRATA_SCHEMA("audit") GdprRequestKind { access, rectification, erasure, restriction, portability, objection };

enum class STRATA_ENUM("gdpr_request_status") STRATA_SCHEMA("audit") GdprRequestStatus { pending, in_progress, completed, rejected, cancelled };

enum class STRATA_ENUM("retention_action") STRATA_SCHEMA("audit") RetentionAction { remove, anonymize, archive };

}  // namespace models::audit

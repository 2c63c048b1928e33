// Reference tables: small lookup tables every node keeps a full copy of (Citus
// create_reference_table), so that distributed tables can reference them from any shard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::citus {

struct STRATA_TABLE("regions") STRATA_REFERENCE_TABLE
    STRATA_COMMENT("Cloud regions a tenant's data may be kept in")
    Region {
  STRATA_PK STRATA_LENGTH(32)
  std::string code;

  STRATA_LENGTH(128)
  std::string name;
};

// The identity key matters: a table with an identity column can be distributed only while it has
// no foreign key (Strata distributes before it adds foreign keys).
struct STRATA_TABLE("event_types") STRATA_REFERENCE_TABLE
    STRATA_COMMENT("Kinds of audit event, e.g. 'user.login'")
    EventType {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_LENGTH(64) STRATA_UNIQUE
  std::string code;
};

}  // namespace automl::citus

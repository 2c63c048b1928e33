// Tenants, distributed by their own id: every tenant-owned table is distributed by tenant_id and
// colocated with this one, so that a tenant's rows live on one worker and joins stay local.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace automl::citus {

struct STRATA_TABLE("tenants") STRATA_DISTRIBUTED_BY("id")
    STRATA_COMMENT("Customer organisations; every application row belongs to one tenant")
    Tenant {
  STRATA_PK STRATA_TYPE("uuid") STRATA_DEFAULT("gen_random_uuid()")
  std::string id;

  // Not unique: a unique slug across tenants would need the distribution column in the key.
  STRATA_LENGTH(63) STRATA_INDEXED
  std::string slug;

  STRATA_LENGTH(255)
  std::string name;

  STRATA_LENGTH(32) STRATA_FK("regions.code") STRATA_INDEXED
  std::string data_region;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

}  // namespace automl::citus

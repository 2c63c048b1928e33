// Table public.customers, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

#include "enums.hpp"

namespace models::public_ {

struct STRATA_TABLE("customers")
    STRATA_COMMENT("People who buy")
    STRATA_INDEX("ix_customers_name_created", "name, created_at DESC")
    STRATA_INDEX_INCLUDE("ix_customers_name_created", "email")
    STRATA_INDEX("ix_customers_tags", "tags")
    STRATA_INDEX_USING("ix_customers_tags", "gin")
    STRATA_UNIQUE_INDEX("ux_customers_lower_email", "(lower(email::text))")
    STRATA_INDEX_WHERE("ux_customers_lower_email", "deleted_at IS NULL")
    STRATA_CHECK_TABLE("ck_customers_email_not_empty", "email::text <> ''::text")
    customers {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_TYPE("uuid") STRATA_UNIQUE STRATA_DEFAULT("gen_random_uuid()")
  std::string public_id;

  STRATA_LENGTH(320)
  std::string email;

  std::optional<std::string> name;

  STRATA_COLUMN("class") STRATA_COMMENT("a C++ keyword as a column name")
  std::optional<std::string> class_;

  STRATA_DEFAULT("'free'::customer_tier")
  CustomerTier tier;

  STRATA_DEFAULT("'{}'::text[]")
  std::vector<std::string> tags;

  STRATA_TYPE("jsonb") STRATA_DEFAULT("'{}'::jsonb")
  std::string settings;

  STRATA_TYPE("tsvector")
  std::optional<std::string> search;

  std::optional<std::vector<std::uint8_t>> avatar;

  STRATA_DEFAULT("true")
  bool is_active;

  STRATA_INDEXED STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;

  std::optional<std::chrono::system_clock::time_point> deleted_at;
};

}  // namespace models::public_

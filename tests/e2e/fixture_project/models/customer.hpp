#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <strata/annotate.hpp>

namespace shop::models {

struct STRATA_TABLE("customers") Customer {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_LENGTH(320) STRATA_UNIQUE
  std::string email;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point created_at;
};

}  // namespace shop::models

// Table public.enums, written by `strata-gen import`.
#pragma once

#include <cstdint>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("enums") enums {
  STRATA_PK
  std::int64_t id;
};

}  // namespace models::public_

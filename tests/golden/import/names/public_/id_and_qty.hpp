// Table public.id_and_qty, written by `strata-gen import`.
#pragma once

#include <cstdint>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("id_and_qty")
    STRATA_PRIMARY_KEY("qty, id")
    id_and_qty {
  std::int64_t id;

  std::int32_t qty;
};

}  // namespace models::public_

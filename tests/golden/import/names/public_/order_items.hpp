// Table public.order-items, written by `strata-gen import`.
#pragma once

#include <cstdint>

#include <strata/annotate.hpp>

namespace models::public_ {

struct STRATA_TABLE("order-items") order_items {
  STRATA_PK
  std::int64_t id;
};

}  // namespace models::public_

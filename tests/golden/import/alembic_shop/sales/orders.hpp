// Table sales.orders, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <strata/annotate.hpp>

#include "../public_/enums.hpp"

namespace models::sales {

struct STRATA_TABLE("orders")
    STRATA_SCHEMA("sales")
    STRATA_INDEX("ix_orders_open", "placed_at")
    STRATA_INDEX_WHERE("ix_orders_open", "status <> 'shipped'::order_status")
    STRATA_CHECK_TABLE("ck_orders_total_positive", "total >= 0::numeric")
    orders {
  STRATA_PK STRATA_FK("public.customers.id") STRATA_ON_DELETE("cascade")
  std::int64_t customer_id;

  STRATA_PK
  std::int32_t number;

  STRATA_DEFAULT("'new'::order_status")
  public_::OrderStatus status;

  STRATA_TYPE("numeric(12,2)") STRATA_DEFAULT("0")
  std::string total;

  STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point placed_at;
};

}  // namespace models::sales

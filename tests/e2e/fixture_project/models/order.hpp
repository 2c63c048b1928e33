#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <strata/annotate.hpp>

#include "models/common_types.hpp"

namespace shop::models {

struct STRATA_TABLE("orders") STRATA_INDEX("ix_orders_customer_status", "customer_id, status") Order {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_FK("customers.id") STRATA_ON_DELETE("cascade")
  std::int64_t customer_id;

  STRATA_DEFAULT("'pending'")
  OrderStatus status = OrderStatus::pending;

  std::optional<std::string> note;
};

}  // namespace shop::models

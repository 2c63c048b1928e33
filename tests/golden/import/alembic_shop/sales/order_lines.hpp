// Table sales.order_lines, written by `strata-gen import`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace models::sales {

struct STRATA_TABLE("order_lines")
    STRATA_SCHEMA("sales")
    STRATA_UNIQUE_INDEX("uq_order_lines_order_position", "customer_id, order_number, position")
    STRATA_FOREIGN_KEY("fk_order_lines_order", "customer_id, order_number", "sales.orders(customer_id, number)")
    STRATA_FOREIGN_KEY_ON_DELETE("fk_order_lines_order", "cascade")
    STRATA_FOREIGN_KEY_ON_UPDATE("fk_order_lines_order", "cascade")
    STRATA_CHECK_TABLE("ck_order_lines_quantity_positive", "quantity > 0")
    order_lines {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  std::int64_t customer_id;

  std::int32_t order_number;

  std::int16_t position;

  std::int32_t quantity;

  STRATA_TYPE("numeric(12,2)")
  std::string unit_price;

  STRATA_TYPE("numeric(14,2)") STRATA_GENERATED("(quantity::numeric * unit_price)")
  std::optional<std::string> amount;
};

}  // namespace models::sales

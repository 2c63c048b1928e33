// generated_column_change, after: its expression changes (drop and add back), a second one is added
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("order_lines") OrderLine {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_TYPE("numeric(10,2)") double price;
  std::int32_t qty;
  STRATA_TYPE("numeric") STRATA_GENERATED("price * qty * 1.2") std::optional<double> total;
  STRATA_GENERATED("qty > 0") std::optional<bool> in_stock;
};

}  // namespace model_pairs

// generated_column_change, before: a stored generated column
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
  STRATA_TYPE("numeric") STRATA_GENERATED("price * qty") std::optional<double> total;
};

}  // namespace model_pairs

// enum_label, after: labels that are not C++ identifiers ('not shipped') or are keywords ('new')
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("order_status") OrderStatus {
  fresh STRATA_LABEL("new"),
  shipped,
  not_shipped STRATA_LABEL("not shipped"),
  cancelled
};

struct STRATA_TABLE("orders") Order {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  OrderStatus status;
};

}  // namespace model_pairs

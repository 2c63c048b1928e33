// enum_label, before: an enum whose labels are C++ names
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

enum class STRATA_ENUM("order_status") OrderStatus { shipped, cancelled };

struct STRATA_TABLE("orders") Order {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  OrderStatus status;
};

}  // namespace model_pairs

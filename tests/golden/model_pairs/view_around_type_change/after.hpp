// view_around_type_change, after: orders.quantity becomes bigint: the views on it are dropped before and created after
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("orders") Order {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t customer_id;
  STRATA_LENGTH(32) std::string status;
  std::int64_t quantity;
  std::optional<std::string> note;
};

}  // namespace model_pairs

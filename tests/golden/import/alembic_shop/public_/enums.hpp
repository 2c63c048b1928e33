// The enums of schema public, written by `strata-gen import`.
#pragma once

#include <strata/annotate.hpp>

namespace models::public_ {

enum class STRATA_ENUM("customer_tier") CustomerTier { free, gold, delete_ STRATA_LABEL("delete") };

enum class STRATA_ENUM("order_status") OrderStatus { pending, not_shipped STRATA_LABEL("not shipped"), shipped, new_ STRATA_LABEL("new") };

}  // namespace models::public_

// The enums of schema public, written by `strata-gen import`.
#pragma once

#include <strata/annotate.hpp>

namespace models::public_ {

enum class STRATA_ENUM("order_status") OrderStatus { pending, not_shipped STRATA_LABEL("not shipped"), new_ STRATA_LABEL("new"), a_b STRATA_LABEL("a-b"), a_b_2 STRATA_LABEL("a_b"), v_2nd STRATA_LABEL("2nd") };

}  // namespace models::public_

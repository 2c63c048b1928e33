// Types shared by several models: not a model itself, but the models include it, so an edit here
// must regenerate (the depfile carries it).
#pragma once
#include <strata/annotate.hpp>

namespace shop::models {

enum class STRATA_ENUM("order_status") OrderStatus { pending, paid, shipped };

}  // namespace shop::models

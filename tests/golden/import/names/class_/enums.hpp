// The enums of schema class, written by `strata-gen import`.
#pragma once

#include <strata/annotate.hpp>

namespace models::class_ {

enum class STRATA_ENUM("kind") STRATA_SCHEMA("class") Kind { x };

}  // namespace models::class_

// SHA-256 (FIPS 180-4), for revision checksums and strata.sum. Kept in core so the runner and the
// generator hash identically without another dependency.
#pragma once

#include <string>
#include <string_view>

namespace strata {

std::string sha256_hex(std::string_view data);  // 64 lowercase hex digits

}  // namespace strata

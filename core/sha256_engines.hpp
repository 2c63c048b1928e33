// Internal to core/sha256.cpp and its test: the two compression engines behind sha256_hex, so
// the test can run every vector through each of them. Not part of the public API.
#pragma once

#include <string>
#include <string_view>

namespace strata::sha256_engines {

enum class Engine {
  portable,  // plain C++, any CPU
  sha_ni,    // x86 SHA extensions (SHA256RNDS2/MSG1/MSG2), chosen at run time when the CPU has them
};

// Whether `engine` can run on this CPU (portable always can).
bool available(Engine engine);

// sha256_hex computed with the given engine; `engine` must be available.
std::string sha256_hex_with(Engine engine, std::string_view data);

}  // namespace strata::sha256_engines

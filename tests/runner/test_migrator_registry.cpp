// strata::registry() for the test migrator executable (test_migrator = this + the migrator's
// main): the registry named by $STRATA_TEST_REGISTRY (default two_schema), so one binary serves
// every CLI test.
#include <cstdio>
#include <cstdlib>

#include "tests/runner/test_registries.hpp"

namespace strata {

const Registry& registry() {
  const char* name = std::getenv("STRATA_TEST_REGISTRY");
  const Registry* chosen = test::registry_named(name == nullptr ? "two_schema" : name);
  if (chosen == nullptr) {
    std::fprintf(stderr, "test_migrator: unknown STRATA_TEST_REGISTRY '%s'\n", name);
    std::exit(2);
  }
  return *chosen;
}

}  // namespace strata

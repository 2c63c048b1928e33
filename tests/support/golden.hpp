// Golden-file comparison for tests: byte-for-byte against tests/golden/<relative_path>, rewritten
// instead when the environment variable UPDATE_GOLDEN=1 is set (then review the diff and commit).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#ifndef STRATA_GOLDEN_DIR
#error "STRATA_GOLDEN_DIR must be defined (strata_add_test does it)"
#endif

namespace strata::testing {

inline std::filesystem::path golden_path(const std::string& relative_path) {
  return std::filesystem::path(STRATA_GOLDEN_DIR) / relative_path;
}

inline void expect_matches_golden(const std::string& relative_path, const std::string& actual) {
  const std::filesystem::path path = golden_path(relative_path);
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    out.close();
    ASSERT_TRUE(out) << "cannot write golden file " << path;
    std::cout << "[  GOLDEN  ] wrote " << path.string() << "\n";
    return;
  }

  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "golden file " << path << " is missing; run the test with UPDATE_GOLDEN=1 to create it";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "output differs from golden file " << path
                                    << " (if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff)";
}

}  // namespace strata::testing

// The spelling other tests call.
using strata::testing::expect_matches_golden;

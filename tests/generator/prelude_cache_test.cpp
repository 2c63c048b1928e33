// The precompiled prelude: which includes it takes, that a scan with it gives exactly what a scan
// without it gives, that it is reused, and that a stale or unbuildable prelude never changes a
// result.
#include "generator/prelude_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/snapshot.hpp"
#include "generator/scanner.hpp"
#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(PreludeIncludes, TakesStandardHeadersInOrderOnce) {
  const std::string source = R"(#pragma once
#include <string>
#  include   <cstdint>
#include "local.hpp"
#include <strata/annotate.hpp>
#include <boost/optional.hpp>
// #include <map>
#include <string>
#include <optional>
	#include<vector>  // no blank before '<'
#include <map
)";
  EXPECT_EQ(prelude_includes(source), (std::vector<std::string>{"string", "cstdint", "optional", "vector"}));
  EXPECT_TRUE(prelude_includes("#include \"string\"\n").empty());
}

TEST(PreludeIncludes, SourceIncludesEachHeader) {
  const std::string source = prelude_source({"string", "chrono"});
  EXPECT_NE(source.find("#include <string>\n#include <chrono>\n"), std::string::npos);
  EXPECT_NE(source.find("#pragma once\n"), std::string::npos);
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<fs::path> files_with_extension(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> found;
  if (!fs::exists(dir)) return found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == extension) found.push_back(entry.path());
  return found;
}

class PreludeScan : public ::testing::Test {
 protected:
  ScanResult scan(bool with_cache) const {
    ScanOptions options;
    options.headers = {(dir_.path() / "models" / "m.hpp").string()};
    options.compile_options = {"-isystem", (dir_.path() / "include").string()};
    if (with_cache) options.prelude_cache_dir = cache().string();
    options.scan_cache = false;  // the prelude alone: every scan parses (scan_cache_test has the rest)
    return scan_models(options);
  }
  fs::path cache() const { return dir_.path() / "cache"; }
  void write_model(const std::string& text) const { write(dir_.path() / "models" / "m.hpp", text); }
  // A system header found by `#include <cuchar>` ahead of the toolchain's: a standard header the
  // test can change.
  void write_cuchar(const std::string& text) const { write(dir_.path() / "include" / "cuchar", text); }

  static void expect_same(const ScanResult& with_cache, const ScanResult& without) {
    EXPECT_EQ(write_snapshot(with_cache.graph), write_snapshot(without.graph));
    EXPECT_EQ(with_cache.locations, without.locations);
    EXPECT_EQ(with_cache.dependencies, without.dependencies);
    ASSERT_EQ(with_cache.diagnostics.size(), without.diagnostics.size());
    for (std::size_t i = 0; i < without.diagnostics.size(); ++i)
      EXPECT_EQ(format(with_cache.diagnostics[i]), format(without.diagnostics[i]));
  }

  TempDir dir_{"strata_prelude"};
};

const char* const kModel = R"(#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <strata/annotate.hpp>

struct STRATA_TABLE("runs") Run {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_LENGTH(200) std::string name;
  std::optional<std::string> notes;
  std::chrono::system_clock::time_point started_at;
};
)";

TEST_F(PreludeScan, GivesWhatAScanWithoutItGivesAndIsReused) {
  write_model(kModel);
  const ScanResult without = scan(false);
  ASSERT_TRUE(without.diagnostics.empty());
  ASSERT_NE(without.graph.find_table("public", "runs"), nullptr);
  EXPECT_TRUE(files_with_extension(cache(), ".pch").empty());

  // The first scan with a cache parses as without it and only records the prelude it wants.
  expect_same(scan(true), without);
  EXPECT_TRUE(files_with_extension(cache(), ".pch").empty());
  EXPECT_EQ(files_with_extension(cache(), ".hpp").size(), 1u);

  expect_same(scan(true), without);
  const std::vector<fs::path> pchs = files_with_extension(cache(), ".pch");
  ASSERT_EQ(pchs.size(), 1u);
  const fs::file_time_type built = fs::last_write_time(pchs.front());

  expect_same(scan(true), without);
  EXPECT_EQ(files_with_extension(cache(), ".pch"), pchs);
  EXPECT_EQ(fs::last_write_time(pchs.front()), built) << "the second scan rebuilt the prelude";
}

TEST_F(PreludeScan, AModelThatNeedsAnotherPreludeReplacesTheOldOne) {
  write_model(kModel);
  scan(true);
  scan(true);
  const std::vector<fs::path> before = files_with_extension(cache(), ".pch");
  ASSERT_EQ(before.size(), 1u);

  write_model(std::string(kModel) + "#include <vector>\n");
  expect_same(scan(true), scan(false));
  EXPECT_TRUE(files_with_extension(cache(), ".pch").empty()) << "the prelude the models no longer need is kept";
  expect_same(scan(true), scan(false));
  const std::vector<fs::path> after = files_with_extension(cache(), ".pch");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after, before);
  EXPECT_EQ(files_with_extension(cache(), ".hpp").size(), 1u);
}

TEST_F(PreludeScan, ModelErrorsAreReportedAsWithoutIt) {
  write_model(std::string(kModel) + "struct STRATA_TABLE(\"bad\") Bad { STRATA_PK Undeclared id; };\n");
  const ScanResult without = scan(false);
  ASSERT_FALSE(without.diagnostics.empty());
  scan(true);
  scan(true);  // builds the prelude
  ASSERT_EQ(files_with_extension(cache(), ".pch").size(), 1u);
  expect_same(scan(true), without);
}

TEST_F(PreludeScan, AChangedHeaderInThePreludeIsSeenAndThePreludeRebuilt) {
  write_cuchar("#pragma once\nusing prelude_marker = int;\n");
  write_model("#pragma once\n#include <cuchar>\n#include <strata/annotate.hpp>\n"
              "struct STRATA_TABLE(\"t\") T { STRATA_PK prelude_marker id; };\n");
  scan(true);
  ASSERT_EQ(scan(true).graph.find_table("public", "t")->find_column("id")->type, "integer");
  const fs::path pch = files_with_extension(cache(), ".pch").at(0);
  const fs::file_time_type built = fs::last_write_time(pch);

  // Another size and a later time, as a toolchain upgrade would leave it.
  write_cuchar("#pragma once\nusing prelude_marker = long long;  // changed\n");
  fs::last_write_time(dir_.path() / "include" / "cuchar", built + std::chrono::seconds(5));
  const ScanResult rescanned = scan(true);
  EXPECT_TRUE(rescanned.diagnostics.empty());
  EXPECT_EQ(rescanned.graph.find_table("public", "t")->find_column("id")->type, "bigint");
  EXPECT_NE(fs::last_write_time(pch), built) << "the stale prelude was not rebuilt";
  expect_same(scan(true), scan(false));
}

TEST_F(PreludeScan, APreludeThatCannotBeBuiltIsDoneWithout) {
  // Hoisted out of its #if 0, the include breaks the prelude, not the scan.
  write_cuchar("#pragma once\n#error not a usable header\n");
  write_model("#pragma once\n#if 0\n#include <cuchar>\n#endif\n#include <string>\n#include <strata/annotate.hpp>\n"
              "struct STRATA_TABLE(\"t\") T { STRATA_PK std::string id; };\n");
  scan(true);
  const ScanResult with_cache = scan(true);  // tries to precompile it
  EXPECT_TRUE(files_with_extension(cache(), ".pch").empty());
  expect_same(with_cache, scan(false));
  EXPECT_TRUE(with_cache.diagnostics.empty());
}

}  // namespace
}  // namespace strata

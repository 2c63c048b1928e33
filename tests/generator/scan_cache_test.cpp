// The scan cache: a scan that reuses the cached parts of unchanged headers gives exactly what a
// full parse gives, parses only the leaf headers whose bytes changed, and parses everything when
// what the cache recorded (a shared header, a system header, the cache file itself) cannot be
// trusted.
#include "generator/scan_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/snapshot.hpp"
#include "core/sql_type.hpp"
#include "generator/scanner.hpp"
#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(IncludedFileNames, NamesEveryIncludeAndRefusesAMacro) {
  EXPECT_EQ(included_file_names("#include \"a/b.hpp\"\n  #  include <c.hpp>\n#include_next<d>\n// #include \"e.hpp\"\n"),
            (std::vector<std::string>{"b.hpp", "c.hpp", "d"}));
  EXPECT_EQ(included_file_names("#define X 1\nint x;\n"), std::vector<std::string>{});
  EXPECT_EQ(included_file_names("#include MODELS_HEADER\n"), std::nullopt);
}

// A cache written by another strata-gen (or libclang) is not read, and is replaced in place: a
// rebuilt generator does not leave its predecessor's files behind.
TEST(ScanCacheFile, AnotherToolsCacheIsNotReadAndIsReplaced) {
  TempDir dir{"strata_scan_cache_file"};
  const std::vector<std::string> arguments = {"-std=c++20"}, headers = {"/m/a.hpp"};
  CachedScan written;
  written.headers = headers;
  written.leaves = {{"/m/a.hpp", std::string(64, 'a')}};
  written.files.emplace_back("/m/a.hpp", FileScan{});
  Table table;
  table.name = "t";
  written.files.back().second.graph.schema("public").tables.push_back(table);
  const ScanCache old_tool(dir.path(), "strata-gen 1", arguments, headers);
  old_tool.save(written);
  ASSERT_TRUE(old_tool.load().has_value());
  const std::optional<LoadedParts> parts = old_tool.load_files(*old_tool.load());
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->files, written.files);

  const ScanCache new_tool(dir.path(), "strata-gen 2", arguments, headers);
  EXPECT_FALSE(new_tool.load().has_value());
  new_tool.save(written);
  EXPECT_TRUE(new_tool.load().has_value());
  EXPECT_FALSE(old_tool.load().has_value());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2) << "index and parts";
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const char* const kEnums = R"(#pragma once
#include <strata/annotate.hpp>
enum class STRATA_ENUM("item_state") ItemState { draft, active };
)";

// A leaf header: includes the shared enums, declares `body`.
std::string leaf(const std::string& body) {
  return "#pragma once\n#include <cstdint>\n#include <optional>\n#include <string>\n#include <strata/annotate.hpp>\n"
         "#include \"enums.hpp\"\n" +
         body;
}

std::string table(const std::string& name, const std::string& members) {
  std::string type = name;
  type[0] = static_cast<char>(type[0] - 'a' + 'A');
  return "struct STRATA_TABLE(\"" + name + "\") " + type + " {\n  STRATA_PK std::int64_t id;\n" + members + "};\n";
}

class ScanCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write(path("enums.hpp"), kEnums);
    write(path("a.hpp"), leaf(table("accounts", "  std::string name;\n  ItemState state;\n")));
    write(path("b.hpp"), leaf(table("projects", "  STRATA_FK(\"accounts.id\") std::int64_t account_id;\n"
                                                "  STRATA_TYPE(\"item_state\") std::string phase;\n")));
    write(path("c.hpp"), leaf(table("runs", "  std::optional<std::string> note;\n")));
  }

  fs::path path(const std::string& name) const { return dir_.path() / "models" / name; }

  ScanOptions options(bool cached) const {
    ScanOptions options;
    for (const char* name : {"enums.hpp", "a.hpp", "b.hpp", "c.hpp"}) options.headers.push_back(path(name).string());
    options.compile_options = extra_options_;
    // The full parse keeps its prelude elsewhere, so that the two never share a file.
    options.prelude_cache_dir = (dir_.path() / (cached ? "cache" : "prelude-only")).string();
    options.scan_cache = cached;
    return options;
  }

  // The scan through the cache, checked against a full parse of the same files.
  ScanResult scan_and_compare() const {
    const ScanResult cached = scan_models(options(true));
    const ScanResult full = scan_models(options(false));
    EXPECT_EQ(write_snapshot(cached.graph), write_snapshot(full.graph));
    EXPECT_EQ(cached.graph, full.graph);
    EXPECT_EQ(cached.locations, full.locations);
    EXPECT_EQ(cached.renames, full.renames);
    EXPECT_EQ(cached.allowed_rules, full.allowed_rules);
    EXPECT_EQ(cached.dependencies, full.dependencies);
    std::vector<std::string> cached_diagnostics, full_diagnostics;
    for (const Diagnostic& d : cached.diagnostics) cached_diagnostics.push_back(format(d));
    for (const Diagnostic& d : full.diagnostics) full_diagnostics.push_back(format(d));
    EXPECT_EQ(cached_diagnostics, full_diagnostics);
    return cached;
  }

  std::vector<std::string> paths(const std::vector<std::string>& names) const {
    std::vector<std::string> out;
    for (const std::string& name : names) out.push_back(fs::absolute(path(name)).lexically_normal().string());
    return out;
  }
  std::vector<std::string> all_headers() const { return paths({"enums.hpp", "a.hpp", "b.hpp", "c.hpp"}); }

  TempDir dir_{"strata_scan_cache"};
  std::vector<std::string> extra_options_;
};

TEST_F(ScanCacheTest, AnEditedLeafIsParsedAloneAndGivesWhatAFullParseGives) {
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
  EXPECT_TRUE(scan_and_compare().parsed_headers.empty()) << "nothing changed, yet headers were parsed";

  write(path("c.hpp"), leaf(table("runs", "  std::optional<std::string> note;\n  STRATA_LENGTH(20) std::string code;\n")));
  const ScanResult edited = scan_and_compare();
  EXPECT_EQ(edited.parsed_headers, paths({"c.hpp"}));
  ASSERT_NE(edited.graph.find_table("public", "runs"), nullptr);
  ASSERT_NE(edited.graph.find_table("public", "runs")->find_column("code"), nullptr);
  EXPECT_EQ(edited.graph.find_table("public", "runs")->find_column("code")->type, "character varying(20)");
  EXPECT_TRUE(scan_and_compare().parsed_headers.empty());
}

TEST_F(ScanCacheTest, AnEnumDeclaredInAnEditedLeafResolvesTheTypeNamesOfUnchangedOnes) {
  write(path("b.hpp"), leaf(table("projects", "  STRATA_TYPE(\"priority\") std::string priority;\n")));
  scan_and_compare();
  EXPECT_EQ(scan_and_compare().graph.find_table("public", "projects")->find_column("priority")->type, "priority");

  // b.hpp is not parsed again, but its STRATA_TYPE("priority") now names c.hpp's enum.
  write(path("c.hpp"), leaf(table("runs", "") + "enum class STRATA_ENUM(\"priority\") Priority { low, high };\n"));
  const ScanResult resolved = scan_and_compare();
  EXPECT_EQ(resolved.parsed_headers, paths({"c.hpp"}));
  EXPECT_EQ(resolved.graph.find_table("public", "projects")->find_column("priority")->type,
            enum_sql_type("public", "priority"));
}

TEST_F(ScanCacheTest, ADuplicateAcrossFilesIsReportedAtTheLaterOneAsAFullParseDoes) {
  scan_and_compare();
  write(path("c.hpp"), leaf(table("runs", "") + "struct STRATA_TABLE(\"accounts\") Others { STRATA_PK std::int64_t id; };\n"));
  const ScanResult duplicate = scan_and_compare();
  EXPECT_EQ(duplicate.parsed_headers, paths({"c.hpp"}));
  ASSERT_FALSE(duplicate.diagnostics.empty());
  EXPECT_NE(format(duplicate.diagnostics.back()).find("c.hpp:"), std::string::npos);
  EXPECT_NE(duplicate.diagnostics.back().message.find("duplicate table 'public.accounts'"), std::string::npos)
      << duplicate.diagnostics.back().message;
}

// Only the compiler sees that two headers define one C++ name: a full parse reports it.
TEST_F(ScanCacheTest, ANameThatAnotherHeaderDefinesTooMakesAFullParse) {
  write(path("a.hpp"), leaf(table("accounts", "") + "using Money = std::int64_t;\n"));
  scan_and_compare();
  write(path("c.hpp"), leaf(table("runs", "") + "using Money = std::int64_t;\n"));  // allowed: the same type
  EXPECT_EQ(scan_and_compare().parsed_headers, paths({"c.hpp"}));
  write(path("c.hpp"), leaf(table("runs", "") + "using Money = double;\n"));
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
  write(path("c.hpp"), leaf(table("runs", "") + "struct Accounts {};\n"));
  const ScanResult redefined = scan_and_compare();
  EXPECT_EQ(redefined.parsed_headers, all_headers());
  ASSERT_FALSE(redefined.diagnostics.empty());
  EXPECT_NE(redefined.diagnostics.front().message.find("redefinition of 'Accounts'"), std::string::npos)
      << redefined.diagnostics.front().message;
}

TEST_F(ScanCacheTest, AChangedSharedHeaderMakesAFullParse) {
  scan_and_compare();
  write(path("enums.hpp"), std::string(kEnums) + "enum class STRATA_ENUM(\"color\") Color { red };\n");
  const ScanResult rescanned = scan_and_compare();
  EXPECT_EQ(rescanned.parsed_headers, all_headers());
  ASSERT_NE(rescanned.graph.find_schema("public"), nullptr);
  EXPECT_NE(rescanned.graph.find_schema("public")->find_enum("color"), nullptr);
}

TEST_F(ScanCacheTest, ALeafThatStartsIncludingAnotherMakesAFullParse) {
  scan_and_compare();
  // b.hpp now depends on c.hpp, which the cache recorded as nobody's dependency.
  write(path("b.hpp"), "#include \"c.hpp\"\n" + leaf(table("projects", "")));
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
  // From now on c.hpp is shared: its edit is a full parse too.
  write(path("c.hpp"), leaf(table("runs", "  std::int32_t attempts;\n")));
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
}

TEST_F(ScanCacheTest, AnEditWithAnErrorIsReportedAsAFullParseReportsIt) {
  scan_and_compare();
  write(path("c.hpp"), leaf(table("runs", "  Undeclared thing;\n  STRATA_LENGTH(0) std::string code;\n")));
  const ScanResult broken = scan_and_compare();
  EXPECT_EQ(broken.parsed_headers, all_headers());
  EXPECT_TRUE(has_errors(broken.diagnostics));
  // Fixed, the edit is a leaf's again.
  write(path("c.hpp"), leaf(table("runs", "  std::int32_t attempts;\n")));
  EXPECT_EQ(scan_and_compare().parsed_headers, paths({"c.hpp"})) << "the broken scan replaced the cache";
  write(path("c.hpp"), leaf(table("runs", "  std::int64_t attempts;\n")));
  EXPECT_EQ(scan_and_compare().parsed_headers, paths({"c.hpp"}));
}

// An error the scanner finds (not the compiler) stays reported while other headers are edited:
// a part with errors is never served from the cache.
TEST_F(ScanCacheTest, AModelErrorIsReportedAgainWhenAnotherHeaderChanges) {
  scan_and_compare();
  write(path("c.hpp"), leaf(table("runs", "  STRATA_LENGTH(0) std::string code;\n")));
  ASSERT_TRUE(has_errors(scan_and_compare().diagnostics));
  write(path("a.hpp"), leaf(table("accounts", "  std::string name;\n  std::int32_t level;\n")));
  const ScanResult still = scan_and_compare();
  EXPECT_TRUE(has_errors(still.diagnostics)) << "the error in c.hpp was served from the cache without it";
  write(path("c.hpp"), leaf(table("runs", "  STRATA_LENGTH(8) std::string code;\n")));
  EXPECT_FALSE(has_errors(scan_and_compare().diagnostics));
}

TEST_F(ScanCacheTest, ADamagedCacheFileIsParsedAfreshAndRewritten) {
  scan_and_compare();
  ScanCache::wait_for_background_writes();
  std::vector<fs::path> files;  // the index and the parts
  for (const auto& entry : fs::directory_iterator(dir_.path() / "cache"))
    if (entry.path().filename().string().starts_with("scan-")) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 2u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    fs::resize_file(file, fs::file_size(file) / 2);
    EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
    ScanCache::wait_for_background_writes();
    EXPECT_TRUE(scan_and_compare().parsed_headers.empty()) << "the damaged file was not rewritten";
  }
  // An index and parts of two different writes: the parts are not taken for the index's.
  const fs::path parts = files[0].string().ends_with(".files.msgpack") ? files[0] : files[1];
  const std::string written_before = read_bytes(parts);
  write(path("c.hpp"), leaf(table("runs", "  std::int16_t tries;\n")));
  EXPECT_EQ(scan_and_compare().parsed_headers, paths({"c.hpp"}));
  ScanCache::wait_for_background_writes();
  write(parts, written_before);
  write(path("c.hpp"), leaf(table("runs", "  std::int32_t tries;\n")));
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
}

TEST_F(ScanCacheTest, OtherCompilerOptionsAndAChangedSystemHeaderAreNotServedFromTheCache) {
  scan_and_compare();
  extra_options_ = {"-DSTRATA_TEST_FLAG=1"};
  EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());

  // A system header (found ahead of the toolchain's) that decides a member's type.
  write(dir_.path() / "include" / "cuchar", "#pragma once\nusing marker_type = int;\n");
  extra_options_ = {"-isystem", (dir_.path() / "include").string()};
  write(path("c.hpp"), "#include <cuchar>\n" + leaf(table("runs", "  marker_type marker;\n")));
  EXPECT_EQ(scan_and_compare().graph.find_table("public", "runs")->find_column("marker")->type, "integer");
  // Full parses, the second with the precompiled prelude that holds <cuchar> (then unlisted by
  // the parse), write the cache that must notice the upgrade.
  for (const char* label : {"archived", "deleted"}) {
    write(path("enums.hpp"), std::string(kEnums) + "enum class STRATA_ENUM(\"extra\") Extra { " + label + " };\n");
    EXPECT_EQ(scan_and_compare().parsed_headers, all_headers());
  }
  write(dir_.path() / "include" / "cuchar", "#pragma once\nusing marker_type = long long;  // upgraded\n");
  const ScanResult upgraded = scan_and_compare();
  EXPECT_EQ(upgraded.parsed_headers, all_headers());
  EXPECT_EQ(upgraded.graph.find_table("public", "runs")->find_column("marker")->type, "bigint");
}

// Property: along any sequence of edits, some of them model errors, the scan through the cache
// is the full parse's, and parses exactly what a model of the cache says: nothing when no header
// changed since the cache was last written, the changed leaves alone, everything when the shared
// header changed or a changed leaf has an error (and the cache is written only without errors).
TEST_F(ScanCacheTest, AlongRandomEditsTheCachedScanIsTheFullParse) {
  std::mt19937 random(20261201);
  std::map<std::string, std::vector<std::string>> members = {
      {"a.hpp", {"  std::string name;\n"}}, {"b.hpp", {}}, {"c.hpp", {"  ItemState state;\n"}}};
  const std::map<std::string, std::string> tables = {{"a.hpp", "accounts"}, {"b.hpp", "projects"}, {"c.hpp", "runs"}};
  const std::string kError = "STRATA_LENGTH(0) std::string";  // a scanner error, not a compile error
  const std::vector<std::string> kinds = {"std::int32_t", "std::optional<std::string>", "ItemState",
                                          "STRATA_TYPE(\"item_state\") std::string", "STRATA_LENGTH(8) std::string",
                                          "STRATA_FK(\"accounts.id\") std::int64_t", "double", kError};
  std::vector<std::string> labels = {"draft", "active"};
  const auto text_of = [&](const std::string& file) {
    if (file == "enums.hpp") {
      std::string text = "#pragma once\n#include <strata/annotate.hpp>\nenum class STRATA_ENUM(\"item_state\") ItemState {";
      for (const std::string& label : labels) text += " " + label + ",";
      return text + " };\n";
    }
    std::string body;
    for (const std::string& member : members.at(file)) body += member;
    return leaf(table(tables.at(file), body));
  };
  const std::vector<std::string> files = {"enums.hpp", "a.hpp", "b.hpp", "c.hpp"};
  const auto has_error = [&](const std::string& file) {
    return file != "enums.hpp" && std::any_of(members.at(file).begin(), members.at(file).end(), [&](const std::string& m) {
             return m.find(kError) != std::string::npos;
           });
  };
  std::map<std::string, std::string> cached;  // each file's text when the cache was last written
  for (const std::string& file : files) write(path(file), cached[file] = text_of(file));
  scan_and_compare();
  int errors_seen = 0;
  for (int step = 0; step < 32; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    if (random() % 6 == 0) {
      labels.push_back("l" + std::to_string(step));
    } else {
      std::vector<std::string>& list = members[files[1 + random() % 3]];
      if (!list.empty() && random() % 3 == 0)
        list.erase(list.begin() + static_cast<long>(random() % list.size()));
      else
        list.push_back("  " + kinds[random() % kinds.size()] + " m" + std::to_string(step) + ";\n");
    }
    std::vector<std::string> changed;
    for (const std::string& file : files) {
      write(path(file), text_of(file));
      if (text_of(file) != cached[file]) changed.push_back(file);
    }
    const bool any_error = std::any_of(files.begin(), files.end(), has_error);
    const bool full = std::find(changed.begin(), changed.end(), "enums.hpp") != changed.end() ||
                      std::any_of(changed.begin(), changed.end(), has_error);
    const std::vector<std::string> expected = full ? all_headers() : paths(changed);
    const ScanResult scanned = scan_and_compare();
    EXPECT_EQ(scanned.parsed_headers, expected);
    EXPECT_EQ(has_errors(scanned.diagnostics), any_error);
    errors_seen += any_error;
    if (!changed.empty() && !(full && any_error))
      for (const std::string& file : (full ? files : changed)) cached[file] = text_of(file);
  }
  EXPECT_GT(errors_seen, 0) << "the sequence never made an error; choose another seed";
}

}  // namespace
}  // namespace strata

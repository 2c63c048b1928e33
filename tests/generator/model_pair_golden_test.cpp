// Issue 3 acceptance: for each operation kind a model change can produce, a before/after pair of
// real annotated headers (tests/golden/model_pairs/<case>/) and the exact SQL of the revision the
// change makes. The test runs `strata-gen generate` with the before models (the first revision),
// then `generate --allow-destructive` with the after models, and compares the second revision's
// .up.sql and .down.sql byte for byte with <case>/up.sql and <case>/down.sql.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "generator/strata_gen_cli.hpp"
#include "tests/generator/model_pair_generate.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// Every case directory; a directory not listed here (or a listed one missing) fails CaseList.
const std::vector<std::string> kCases = {
    "create_schema",         "drop_schema",         "create_enum",
    "drop_enum",             "add_enum_value",      "drop_enum_value",
    "create_table",          "drop_table",          "rename_table",
    "add_column",            "drop_column",         "rename_column",
    "alter_column_type",     "alter_column_type_narrowing", "alter_column_nullability",
    "alter_column_default",  "alter_column_identity", "table_comment",
    "column_comment",        "primary_key_change",  "add_unique",
    "drop_unique",           "add_check",           "drop_check",
    "add_foreign_key",       "drop_foreign_key",    "create_index",
    "drop_index",
    // Issue 10 (data safety): conversions that keep every row or fail, and enum renames.
    "alter_column_type_varchar_narrowing", "alter_column_type_numeric_scale", "alter_column_type_enum",
    "rename_enum",           "rename_enum_value",
    // Issue 14: the table rows of the second vocabulary.
    "index_vocabulary",      "index_predicate_change", "composite_foreign_key",
    "enum_label",            "generated_column_change", "table_move",
    // Issue 14 (row security): policies created, changed, dropped, and kept around a type change.
    "create_policy",         "change_policy",       "drop_policy",
    // Issue 14 (SQL_OBJECTS): views, functions and triggers from files (<case>/before_sql, after_sql).
    "create_sql_objects",    "change_sql_objects",  "drop_sql_objects",    "view_around_type_change",
    "policy_around_type_change",
};

using strata::testing::CliResult;
using strata::testing::generate;
using strata::testing::read_file;

fs::path case_dir(const std::string& name) { return strata::testing::golden_path("model_pairs/" + name); }

TEST(ModelPairs, CaseList) {
  std::set<std::string> on_disk;
  for (const fs::directory_entry& entry : fs::directory_iterator(strata::testing::golden_path("model_pairs")))
    if (entry.is_directory()) on_disk.insert(entry.path().filename().string());
  EXPECT_EQ(on_disk, std::set<std::string>(kCases.begin(), kCases.end()));
}

class ModelPair : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ::setenv("SOURCE_DATE_EPOCH", "1714564800", 1); }  // 2024-05-01T12:00:00Z
  void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }
};

// `--sql-objects <case>/<side>_sql` when the case has SQL object files on that side.
std::vector<std::string> sql_objects(const std::string& name, const std::string& side,
                                     std::vector<std::string> extra = {}) {
  const fs::path dir = case_dir(name) / (side + "_sql");
  if (fs::is_directory(dir)) extra.insert(extra.end(), {"--sql-objects", dir.string()});
  return extra;
}

TEST_P(ModelPair, SecondRevisionMatchesGolden) {
  const std::string name = GetParam();
  const TempDir dir;
  const CliResult first = generate(dir.path(), case_dir(name) / "before.hpp", sql_objects(name, "before"));
  ASSERT_EQ(first.status, 0) << first.err;
  ASSERT_EQ(first.out, "0001_initial\n") << first.err;

  const CliResult second =
      generate(dir.path(), case_dir(name) / "after.hpp", sql_objects(name, "after", {"--allow-destructive"}));
  ASSERT_EQ(second.status, 0) << second.err;
  ASSERT_EQ(second.out.rfind("0002_", 0), 0u) << "no second revision: " << second.out << second.err;
  const std::string id = second.out.substr(0, second.out.find('\n'));

  const std::string up = read_file(dir.path() / "migrations" / (id + ".up.sql"));
  const std::string down = read_file(dir.path() / "migrations" / (id + ".down.sql"));
  ASSERT_FALSE(up.empty());
  ASSERT_FALSE(down.empty());
  EXPECT_NE(up.find("-- Created at: 2024-05-01T12:00:00Z\n"), std::string::npos) << up;
  expect_matches_golden("model_pairs/" + name + "/up.sql", up);
  expect_matches_golden("model_pairs/" + name + "/down.sql", down);

  // The after models are now in sync: a third run changes nothing.
  const CliResult third = generate(dir.path(), case_dir(name) / "after.hpp", sql_objects(name, "after"));
  EXPECT_EQ(third.status, 0) << third.err;
  EXPECT_EQ(third.out, "no changes\n");
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

// A bad SQL object file is a file:line:col error (exit 1) and the generator writes nothing.
TEST(SqlObjectFiles, BadFileIsAnErrorAndNothingIsWritten) {
  const TempDir dir;
  ASSERT_EQ(generate(dir.path(), case_dir("create_sql_objects") / "before.hpp").status, 0);
  const std::set<std::string> written = files_in(dir.path() / "migrations");
  fs::create_directories(dir.path() / "sql");
  const fs::path bad = dir.path() / "sql" / "two.sql";
  std::ofstream(bad) << "CREATE VIEW public.a AS SELECT 1;\nCREATE VIEW public.b AS SELECT 2;\n";
  std::ofstream(dir.path() / "sql" / "ok.sql") << "CREATE VIEW public.c AS SELECT 3;\n";
  const CliResult run = generate(dir.path(), case_dir("create_sql_objects") / "after.hpp",
                                 {"--sql-objects", (dir.path() / "sql").string()});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find(bad.string() + ":2:1: error: a second statement: a SQL object file holds exactly one statement"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(files_in(dir.path() / "migrations"), written);

  const CliResult missing = generate(dir.path(), case_dir("create_sql_objects") / "after.hpp",
                                     {"--sql-objects", (dir.path() / "nowhere").string()});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("SQL_OBJECTS directory " + (dir.path() / "nowhere").string() + " does not exist"),
            std::string::npos)
      << missing.err;
  EXPECT_EQ(files_in(dir.path() / "migrations"), written);
}

INSTANTIATE_TEST_SUITE_P(Golden, ModelPair, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace strata

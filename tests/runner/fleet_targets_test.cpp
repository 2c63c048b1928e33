// The targets file of a fleet run: what a line may hold and the file:line errors, which never
// quote the line (it may carry a password).
#include <gtest/gtest.h>

#include "runner/fleet_targets.hpp"

namespace {

using strata::FleetTarget;
using strata::parse_targets;
using strata::TargetsFileError;

std::string error_of(const std::string& text) {
  try {
    parse_targets(text, "fleet.txt");
  } catch (const TargetsFileError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(FleetTargetsTest, UrlsNamesCommentsAndBlankLines) {
  const std::vector<FleetTarget> targets = parse_targets(
      "# tenants of eu-1\n"
      "\n"
      "  postgresql://migrator:Pw1x@db1.example:5433/tenant_a  \r\n"
      "tenant_b postgresql://migrator@db2.example/tenant_b\n"
      "   # indented comment\n"
      "tenant_c host=db3.example dbname=tenant_c user=migrator\n"
      "host=db4.example dbname=tenant_d\n",
      "fleet.txt");
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_EQ(targets[0].name, "host=db1.example port=5433 dbname=tenant_a user=migrator");
  EXPECT_EQ(targets[0].conninfo, "postgresql://migrator:Pw1x@db1.example:5433/tenant_a");
  EXPECT_EQ(targets[0].line, 3u);
  EXPECT_EQ(targets[1].name, "tenant_b");
  EXPECT_EQ(targets[1].conninfo, "postgresql://migrator@db2.example/tenant_b");
  EXPECT_EQ(targets[2].name, "tenant_c");
  EXPECT_EQ(targets[2].conninfo, "host=db3.example dbname=tenant_c user=migrator");
  EXPECT_EQ(targets[2].line, 6u);
  EXPECT_EQ(targets[3].name, "host=db4.example dbname=tenant_d");
}

TEST(FleetTargetsTest, MalformedLinesNameFileAndLineAndNeverQuoteThem) {
  EXPECT_EQ(error_of("# one\npostgresql://u:Pw2x@h/a extra\n"),
            "fleet.txt:2: error: text after the URL (a line is `URL` or `NAME URL`)");
  EXPECT_EQ(error_of("a postgresql://h/a\nlonely\n"),
            "fleet.txt:2: error: target 'lonely' has no connection string (a line is `URL` or `NAME URL`)");
  EXPECT_EQ(error_of("a postgresql://h/a\n\na postgresql://h/b\n"),
            "fleet.txt:3: error: target 'a' is named on line 1 already");
  EXPECT_EQ(error_of("# nothing\n\n"), "fleet.txt: error: no targets (a line is `URL` or `NAME URL`)");
  const std::string invalid = error_of("a postgresql://h/a\nb host=h password='Pw3x\n");
  EXPECT_EQ(invalid.rfind("fleet.txt:2: error: the connection string is not valid: ", 0), 0u) << invalid;
  EXPECT_EQ(invalid.find("Pw3x"), std::string::npos) << invalid;
  const std::string bad_key = error_of("b nosuchkey=Pw4x host=h\n");
  EXPECT_EQ(bad_key.rfind("fleet.txt:1: error: the connection string is not valid: ", 0), 0u) << bad_key;
}

TEST(FleetTargetsTest, UnreadableFile) {
  try {
    strata::read_targets_file("/nonexistent/fleet.txt");
    FAIL() << "no error";
  } catch (const TargetsFileError& error) {
    EXPECT_EQ(std::string(error.what()), "/nonexistent/fleet.txt: error: cannot read the targets file: No such file or directory");
  }
}

}  // namespace

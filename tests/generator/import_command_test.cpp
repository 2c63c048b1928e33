// import's command line: what strata-gen hands to strata-import parses back into the same request.
#include "generator/import_command.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata {
namespace {

ImportRequest parsed(const std::vector<std::string>& arguments) {
  CLI::App app;
  ImportRequest request;
  app.add_option("--url-env", request.url_env);
  add_import_options(app, request);
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
  app.parse(reversed);
  return request;
}

void expect_same(const ImportRequest& a, const ImportRequest& b) {
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.url_env, b.url_env);
  EXPECT_EQ(a.options.schemas, b.options.schemas);
  EXPECT_EQ(a.options.ignore, b.options.ignore);
  EXPECT_EQ(a.options.out_dir, b.options.out_dir);
  EXPECT_EQ(a.options.cpp_namespace, b.options.cpp_namespace);
}

TEST(ImportArguments, ParseBackIntoTheRequest) {
  ImportRequest request;
  request.url = "host=db port=5432 dbname=shop password='se cret'";  // spaces, '=' and quotes: one argument
  request.url_env = "AUTOML_DATABASE_URL";
  request.options.schemas = {"public", "audit"};
  request.options.ignore = {"public.tmp_*", "-audit.x"};  // a value that starts with '-' stays a value
  request.options.out_dir = "/tmp/out dir/-models";
  request.options.cpp_namespace = "automl::models";
  expect_same(parsed(import_arguments(request)), request);
}

TEST(ImportArguments, WithoutUrlNoneIsPassed) {
  ImportRequest request;
  request.options.out_dir = "models";
  const std::vector<std::string> arguments = import_arguments(request);
  for (const std::string& argument : arguments) EXPECT_NE(argument.rfind("--url=", 0), 0u) << argument;
  const ImportRequest back = parsed(arguments);
  EXPECT_FALSE(back.url.has_value());
  expect_same(back, request);
}

TEST(ImportArguments, SchemasGivenCommaSeparatedSurviveTheRoundTrip) {
  const ImportRequest request = parsed({"--schemas", "public,audit", "--out", "m"});
  ASSERT_EQ(request.options.schemas, (std::vector<std::string>{"public", "audit"}));
  expect_same(parsed(import_arguments(request)), request);
}

}  // namespace
}  // namespace strata

// What the model-pair tests (model_pair_golden_test, online_pair_golden_test) share: strata-gen
// generate run in-process on a temporary migrations directory, and reading what it wrote.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "generator/strata_gen_cli.hpp"

namespace strata::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct CliResult {
  int status;
  std::string out, err;
};

// `strata-gen generate` of `models` into dir/migrations and dir/generated, with `extra` options.
inline CliResult generate(const std::filesystem::path& dir, const std::filesystem::path& models,
                          std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--migrations", (dir / "migrations").string(), "--generated",
                                   (dir / "generated").string(), "--models", models.string(), "generate"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::ostringstream out, err;
  const int status = run_strata_gen(args, out, err);
  return {status, out.str(), err.str()};
}

}  // namespace strata::testing

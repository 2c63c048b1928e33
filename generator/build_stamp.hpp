// The stamp file and depfile a build-system step leaves behind, so Ninja/Make re-run the step
// exactly when one of the files it read changes (strata-gen generate, strata-registry --check).
#pragma once

#include <filesystem>
#include <vector>

namespace strata {

// Every file of a migrations directory the result depends on: the files strata.sum covers,
// strata.sum itself, and the directory (so an added file is noticed).
std::vector<std::filesystem::path> migration_dependencies(const std::filesystem::path& migrations_dir);

// Writes `stamp` (empty) and, when `depfile` is not empty, `depfile` naming `dependencies` in
// Makefile syntax. Both atomically.
void write_build_stamp(const std::filesystem::path& stamp, const std::filesystem::path& depfile,
                       const std::vector<std::filesystem::path>& dependencies);

}  // namespace strata

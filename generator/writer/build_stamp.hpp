// The stamp file and depfile a build-system step leaves behind, so Ninja/Make re-run the step
// exactly when one of the files it read changes (strata-gen generate; the migrator's registry
// compile through strata-registry --check).
#pragma once

#include <filesystem>
#include <vector>

#include "generator/writer/migration_set.hpp"

namespace strata {

// Every file of a migrations directory the result depends on: the files strata.sum covers,
// strata.sum itself, and the directory (so an added file is noticed). The migrator's registry
// compile depends on them (`strata-registry --check -- <compiler>`): a hand edit of any file
// re-runs the compile and its check, which fails the build.
std::vector<std::filesystem::path> migration_dependencies(const MigrationDirectory& files);

// What `strata-gen generate` depends on in the migrations directory, without naming each file:
// Ninja parses a custom command's depfile and stats every path in it on each build, which for a
// 1000-revision chain (3000 files) cost more than the rest of a no-op build. The directory (its
// modification time changes when a revision is added, removed or renamed: a pull, a checkout, a
// revision written) and strata.sum (rewritten with every revision and every edit `strata-gen
// hash` accepts) cover every change that strata.sum records. A hand edit that it does not record
// is left to the migrator's registry compile (migration_dependencies) and `migrations-check`.
std::vector<std::filesystem::path> migration_directory_dependencies(const std::filesystem::path& migrations_dir);

// Writes `stamp` (empty) and, when `depfile` is not empty, `depfile` naming `dependencies` in
// Makefile syntax. Both atomically.
void write_build_stamp(const std::filesystem::path& stamp, const std::filesystem::path& depfile,
                       const std::vector<std::filesystem::path>& dependencies);

// Adds `dependencies` to the first rule of `depfile`, a compiler's depfile (`-MD -MF`), atomically.
// Throws SettingsError when it holds no rule.
void add_to_depfile(const std::filesystem::path& depfile, const std::vector<std::filesystem::path>& dependencies);

}  // namespace strata

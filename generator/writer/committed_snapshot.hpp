// A snapshot the migrations directory held once, found by its hash. The directory keeps only the
// head's snapshot.json; `strata-gen generate --amend` regenerates the head from its parent's,
// which version control still holds: the staged snapshot.json or a committed version of it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

// The text of the version of `migrations_dir`/snapshot.json whose SHA-256 is `sha256`: the file
// itself, the version git has staged, or one of its committed versions, newest first. nullopt
// when none matches, or when the directory is not in a git work tree (or git is not installed).
std::optional<std::string> find_snapshot_by_hash(const std::filesystem::path& migrations_dir, std::string_view sha256);

}  // namespace strata

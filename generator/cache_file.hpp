// Files of the generator's caches (the prelude, the scan cache): written whole through a
// temporary file and a rename, so a concurrent scan reads the old file, the new one or none,
// never a partial one. Not fsynced: a lost cache file only costs the next scan its speed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

// Whether `content` is now `path`'s.
bool write_cache_file(const std::filesystem::path& path, std::string_view content);

// The file's bytes, nullopt when it cannot be read.
std::optional<std::string> read_cache_file(const std::filesystem::path& path);

}  // namespace strata

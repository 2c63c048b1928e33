// Durable whole-file writes: a reader (or a crash) sees the old file or the new one, never a
// partial one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

// Writes `content` to a temporary file beside `path`, fsyncs it, renames it over `path` and
// fsyncs the directory. Throws std::system_error naming the file; the temporary file is removed
// on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Like write_file_atomically, but leaves the file alone (timestamp included) when it already
// holds `content`, so that builds depending on it stay no-ops. Returns true when it wrote.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content);

// The whole file; throws std::system_error naming it when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// The whole file, or nullopt when it does not exist.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

// fsync of a directory, so that renames and new entries in it are durable.
void fsync_directory(const std::filesystem::path& dir);

// fsync of an existing file's content.
void fsync_file(const std::filesystem::path& path);

}  // namespace strata

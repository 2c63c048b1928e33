// The scan cache: the last scan's parts (one FileScan per model file) with what they were made
// from, so that the next scan re-parses only the model headers changed since (scanner.cpp), as
// git's index spares re-reading unchanged files.
//
// Kept in the prelude cache directory, one file per set of model headers and clang arguments. It
// is trusted only when all of these are as they were: strata-gen itself, libclang, the arguments,
// the header list, the bytes (SHA-256) of every file the parse read except the leaf headers, and
// the size and time of every system header. A leaf header -- a model header that no other file
// includes -- whose bytes changed is parsed again alone, and its part replaces the cached one.
// Everything else makes a full parse, whose result then replaces the cache.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generator/background_job.hpp"
#include "generator/file_scan.hpp"

namespace strata {

struct FileStamp {
  std::uintmax_t size = 0;
  std::int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// A file's stamp, nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::filesystem::path& path);

// The SHA-256 of a file's bytes, nullopt when it cannot be read.
std::optional<std::string> file_sha256(const std::filesystem::path& path);

// The file names (last path component) that `source`'s #include lines name; nullopt when one
// names its file through a macro, which could be any file.
std::optional<std::vector<std::string>> included_file_names(std::string_view source);

// Parts as the cache file stores them (MessagePack), by file: an unchanged part is written back
// as it was read, not encoded again.
using EncodedParts = std::map<std::string, std::vector<std::uint8_t>>;

struct CachedScan {
  std::vector<std::string> headers;                 // the model headers, normalized, in order
  std::map<std::string, std::string> leaves;        // leaf header -> SHA-256 of its bytes
  std::map<std::string, std::string> context;       // every other file the parse read -> SHA-256
  std::map<std::string, FileStamp> system_files;    // the system headers the parse read
  std::vector<std::string> dependencies;            // ScanResult::dependencies
  FileScans files;                                  // in merge order (load_files)
  EncodedParts encoded;                             // those of `files` unchanged since load_files
  std::string files_sha256;                         // of the file that holds `files`
};

struct LoadedParts {
  FileScans files;
  EncodedParts encoded;
};

class ScanCache {
 public:
  // `tool`: what tells this strata-gen and libclang from others; `arguments`: the clang
  // arguments; `headers`: the normalized model headers. The last two name the cache file, all
  // three must match what it was written with.
  ScanCache(const std::filesystem::path& dir, const std::string& tool, const std::vector<std::string>& arguments,
            const std::vector<std::string>& headers);

  // The cached scan of these headers but its files' parts, nullopt when there is none, it is
  // unreadable, or it was made by another strata-gen, libclang or arguments. Whether its files
  // are current is `is_current`'s question.
  std::optional<CachedScan> load() const;

  // The parts, kept in a file of their own so that they load while the changed headers parse;
  // nullopt when that file is missing, damaged or not the one `cached` was written with.
  std::optional<LoadedParts> load_files(const CachedScan& cached) const;

  // Whether every context file and system header is as `cached` recorded it.
  static bool is_current(const CachedScan& cached);

  // Best effort: a cache that cannot be written only costs the next scan its speed.
  void save(const CachedScan& cached) const;

  // save() on a thread of its own, so that the generator goes on with the scan's result meanwhile.
  // The next save_in_background, wait_for_background_writes and the process's exit wait for it.
  // Scans run one at a time.
  void save_in_background(CachedScan cached) const;
  static void wait_for_background_writes();

 private:
  static BackgroundJob& background_writer();
  std::filesystem::path files_path() const;

  std::filesystem::path path_;
  std::string identity_;
};

}  // namespace strata

// scan_models: the scan cache's use (scan_cache.hpp). A full parse when the cache cannot vouch
// for its parts; otherwise only the leaf headers whose bytes changed are parsed again
// (scan_unit), and their parts replace the cached ones.
#include <algorithm>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/sha256.hpp"
#include "generator/cache_file.hpp"
#include "generator/scan_cache.hpp"
#include "generator/scanner.hpp"
#include "generator/unit_scan.hpp"

namespace strata {

namespace fs = std::filesystem;

namespace {

ScanResult merged(const FileScans& files, ScanResult parse) {
  std::vector<const FileScan*> parts;
  parts.reserve(files.size());
  for (const auto& file : files) parts.push_back(&file.second);
  return merge_file_scans(parts, std::move(parse));
}

// What a cached scan must have been made by: libclang and this strata-gen binary.
std::string tool_identity() {
  const std::optional<FileStamp> tool = stamp_of("/proc/self/exe");
  return libclang_version() + "\nstrata-gen " +
         (tool ? std::to_string(tool->size) + " " + std::to_string(tool->modified_ns) : "?");
}

// Fills in what `record`'s parse read: the leaf headers (whose file name no #include names) and
// the bytes of every other file, and the system headers' stamps. False when one cannot be read.
bool record_sources(CachedScan& record, const std::vector<std::string>& system_files) {
  std::set<std::string> included;
  std::map<std::string, std::string> hashes;  // dependency -> SHA-256
  for (const std::string& dependency : record.dependencies) {
    const std::optional<std::string> bytes = read_cache_file(dependency);
    if (!bytes) return false;
    const std::optional<std::vector<std::string>> names = included_file_names(*bytes);
    if (!names) return false;  // an #include of a macro: any file may depend on any other
    included.insert(names->begin(), names->end());
    hashes.emplace(dependency, sha256_hex(*bytes));
  }
  std::set<std::string> leaves;
  for (const std::string& header : record.headers) {
    if (included.count(fs::path(header).filename().string())) continue;
    std::error_code ignored;
    const std::string real = fs::weakly_canonical(header, ignored).string();
    const auto hash = hashes.find(real);
    if (hash == hashes.end()) return false;
    record.leaves[header] = hash->second;
    leaves.insert(real);
  }
  for (auto& [dependency, hash] : hashes)
    if (!leaves.count(dependency)) record.context.emplace(dependency, std::move(hash));
  for (const std::string& file : system_files) {
    const std::optional<FileStamp> stamp = stamp_of(file);
    if (!stamp) return false;
    record.system_files.emplace(file, *stamp);
  }
  return true;
}

// Whether the changed headers' parse read only files `cached` vouches for (and the changed
// headers); system headers new to it (the prelude's, first used now) are added.
bool reads_only_recorded_files(const UnitScan& unit, const std::vector<std::string>& changed, CachedScan& cached) {
  std::set<std::string> changed_files;  // as the dependencies name them (resolved through links)
  for (const std::string& header : changed) {
    std::error_code ignored;
    changed_files.insert(fs::weakly_canonical(header, ignored).string());
  }
  for (const std::string& dependency : unit.parse.dependencies)
    if (!changed_files.count(dependency) && !cached.context.count(dependency)) return false;
  if (!unit.system_files_known) return false;
  for (const std::string& file : unit.system_files) {
    if (cached.system_files.count(file)) continue;
    const std::optional<FileStamp> stamp = stamp_of(file);
    if (!stamp) return false;
    cached.system_files.emplace(file, *stamp);
  }
  return true;
}

// Whether the changed headers define a name another header defines too (an alias as the same
// type aside): an error only a full parse reports.
bool redefines_a_name(const UnitScan& unit, const FileScans& cached_files, const std::set<std::string>& changed) {
  const auto usr_of = [](const std::string& definition) { return definition.substr(0, definition.find(" = ")); };
  std::map<std::string, std::string> elsewhere;  // USR -> its definition
  for (const auto& [path, scan] : cached_files)
    if (!changed.count(path))
      for (const std::string& definition : scan.definitions) elsewhere.emplace(usr_of(definition), definition);
  for (const auto& [path, scan] : unit.files)
    for (const std::string& definition : scan.definitions) {
      const auto other = elsewhere.find(usr_of(definition));
      const bool alias = definition.find(" = ") != std::string::npos;
      if (other != elsewhere.end() && (!alias || other->second != definition)) return true;
    }
  return false;
}

// `cached_files` with the changed headers' parts replaced by `fresh` ones. A header that declared
// nothing before goes where a full parse would declare it: before the first later header's part.
// (The order decides only which of two duplicates is reported.)
FileScans replace_parts(FileScans cached_files, FileScans fresh, const std::set<std::string>& changed,
                        const std::vector<std::string>& headers) {
  const auto header_index = [&](const std::string& path) {
    return static_cast<std::size_t>(std::find(headers.begin(), headers.end(), path) - headers.begin());
  };
  FileScans files;
  for (auto& part : cached_files) {
    if (!changed.count(part.first)) {
      files.push_back(std::move(part));
      continue;
    }
    auto replacement = std::find_if(fresh.begin(), fresh.end(), [&](const auto& f) { return f.first == part.first; });
    if (replacement != fresh.end()) files.push_back(std::move(*replacement));
  }
  for (auto& part : fresh) {
    if (std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == part.first; })) continue;
    const std::size_t index = header_index(part.first);
    auto later = std::find_if(files.begin(), files.end(), [&](const auto& file) {
      const std::size_t other = header_index(file.first);
      return other < headers.size() && other > index;
    });
    files.insert(later, std::move(part));
  }
  return files;
}

// The scan from `cached`, parsing again only the leaf headers whose bytes changed, while
// `files_loading` brings the cached parts; nullopt when that cannot be trusted (the headers now
// read other files, have errors, or define a name another header does: a full parse then reports
// as it always has).
std::optional<ScanResult> rescan_changed_leaves(const ScanOptions& options, const ScanCache& cache, CachedScan& cached,
                                                std::future<std::optional<LoadedParts>>& files_loading) {
  std::vector<std::string> changed;
  std::map<std::string, std::string> hashes;
  for (const std::string& header : cached.headers) {
    const auto leaf = cached.leaves.find(header);
    if (leaf == cached.leaves.end()) continue;  // a context file, which ScanCache::is_current checked
    std::optional<std::string> hash = file_sha256(header);
    if (!hash) return std::nullopt;
    if (*hash == leaf->second) continue;
    changed.push_back(header);
    hashes.emplace(header, std::move(*hash));
  }
  ScanResult parse;
  parse.dependencies = cached.dependencies;
  if (changed.empty()) {
    const std::optional<LoadedParts> parts = files_loading.get();
    if (!parts) return std::nullopt;
    return merged(parts->files, std::move(parse));
  }
  parse.parsed_headers = changed;

  const std::set<std::string> owned(changed.begin(), changed.end());
  UnitScan unit = scan_unit(options, changed, &owned);
  if (unit.has_errors() || !reads_only_recorded_files(unit, changed, cached)) return std::nullopt;
  std::optional<LoadedParts> parts = files_loading.get();
  if (!parts || redefines_a_name(unit, parts->files, owned)) return std::nullopt;

  cached.files = replace_parts(std::move(parts->files), std::move(unit.files), owned, cached.headers);
  cached.encoded = std::move(parts->encoded);
  for (const std::string& header : changed) cached.encoded.erase(header);
  for (auto& [header, hash] : hashes) cached.leaves[header] = std::move(hash);
  ScanResult result = merged(cached.files, std::move(parse));
  cache.save_in_background(std::move(cached));
  return result;
}

}  // namespace

ScanResult scan_models(const ScanOptions& options) {
  std::vector<std::string> headers;
  for (const std::string& header : options.headers) headers.push_back(normalized_path(header));
  if (options.prelude_cache_dir.empty() || !options.scan_cache || !options.unsaved_files.empty()) {
    UnitScan unit = scan_unit(options, headers, nullptr);
    unit.parse.parsed_headers = headers;
    return merged(unit.files, std::move(unit.parse));
  }
  const ScanCache cache(options.prelude_cache_dir, tool_identity(), scan_arguments(options), headers);
  ScanCache::wait_for_background_writes();
  if (std::optional<CachedScan> cached = cache.load();
      cached && cached->headers == headers && ScanCache::is_current(*cached)) {
    auto files_loading = std::async(std::launch::async, [&cache, &cached] { return cache.load_files(*cached); });
    if (std::optional<ScanResult> result = rescan_changed_leaves(options, cache, *cached, files_loading))
      return std::move(*result);
  }

  UnitScan unit = scan_unit(options, headers, nullptr);
  unit.parse.parsed_headers = headers;
  // A part with errors is never kept: the cache holds no diagnostics, and the error must be
  // reported again until it is fixed.
  const bool without_errors = !unit.has_errors() && unit.system_files_known;
  CachedScan record;
  record.headers = headers;
  record.dependencies = unit.parse.dependencies;
  record.files = std::move(unit.files);
  const bool cacheable = without_errors && record_sources(record, unit.system_files);
  ScanResult result = merged(record.files, std::move(unit.parse));
  if (cacheable) cache.save_in_background(std::move(record));
  return result;
}

}  // namespace strata

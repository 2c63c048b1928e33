#include "generator/scan_cache.hpp"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "core/snapshot_json.hpp"
#include "generator/cache_file.hpp"
#include "generator/include_lines.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int kFormatVersion = 1;

Json renames_json(const RenameHints& renames) {
  return Json{{"tables", renames.tables},
              {"columns", renames.columns},
              {"enums", renames.enums},
              {"enum_labels", renames.enum_labels}};
}

RenameHints read_renames(const Json& value) {
  RenameHints renames;
  value.at("tables").get_to(renames.tables);
  value.at("columns").get_to(renames.columns);
  value.at("enums").get_to(renames.enums);
  value.at("enum_labels").get_to(renames.enum_labels);
  return renames;
}

// A location in `path` (the file the part is of, nearly every one) is written without its file.
Json file_scan_json(const std::string& path, const FileScan& scan) {
  Json locations = Json::array();
  for (const auto& [key, location] : scan.locations)
    locations.push_back(Json{key, location.file == path ? "" : location.file, location.line, location.column});
  Json explicit_types = Json::array();
  for (const ExplicitColumnType& type : scan.explicit_types)
    explicit_types.push_back(Json{type.schema, type.table, type.column});
  return Json{{"path", path},
              {"graph", snapshot_json(scan.graph)},
              {"locations", std::move(locations)},
              {"renames", renames_json(scan.renames)},
              {"allowed_rules", scan.allowed_rules},
              {"explicit_types", std::move(explicit_types)},
              {"definitions", scan.definitions}};
}

std::pair<std::string, FileScan> read_file_scan(const Json& value) {
  std::pair<std::string, FileScan> out;
  auto& [path, scan] = out;
  path = value.at("path").get<std::string>();
  scan.graph = graph_from_snapshot_json(value.at("graph"));
  for (const Json& location : value.at("locations")) {
    std::string file = location.at(1).get<std::string>();
    scan.locations.emplace(location.at(0).get<std::string>(),
                           SourceLocation{file.empty() ? path : std::move(file), location.at(2).get<unsigned>(),
                                          location.at(3).get<unsigned>()});
  }
  scan.renames = read_renames(value.at("renames"));
  value.at("allowed_rules").get_to(scan.allowed_rules);
  for (const Json& type : value.at("explicit_types"))
    scan.explicit_types.push_back(
        ExplicitColumnType{type.at(0).get<std::string>(), type.at(1).get<std::string>(), type.at(2).get<std::string>()});
  value.at("definitions").get_to(scan.definitions);
  return out;
}

}  // namespace

std::optional<FileStamp> stamp_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uintmax_t>(info.st_size),
                   static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

std::optional<std::string> file_sha256(const fs::path& path) {
  std::optional<std::string> bytes = read_cache_file(path);
  if (!bytes) return std::nullopt;
  return sha256_hex(*bytes);
}

std::optional<std::vector<std::string>> included_file_names(std::string_view source) {
  std::vector<std::string> names;
  for (const IncludeLine& line : include_lines(source)) {
    if (line.target.empty()) return std::nullopt;  // a macro (or a line that names nothing)
    const std::size_t slash = line.target.find_last_of('/');
    names.emplace_back(slash == std::string_view::npos ? line.target : line.target.substr(slash + 1));
  }
  return names;
}

ScanCache::ScanCache(const fs::path& dir, const std::string& tool, const std::vector<std::string>& arguments,
                     const std::vector<std::string>& headers)
    : identity_(tool) {
  // Named without the tool, so that a rebuilt strata-gen replaces its predecessor's file.
  std::string named_by;
  for (const std::string& argument : arguments) named_by += argument + "\n";
  for (const std::string& header : headers) named_by += "\n" + header;
  identity_ += "\n" + named_by;
  path_ = dir / ("scan-" + sha256_hex(named_by).substr(0, 16) + ".msgpack");
}

std::optional<CachedScan> ScanCache::load() const {
  const std::optional<std::string> bytes = read_cache_file(path_);
  if (!bytes) return std::nullopt;
  try {
    const Json root = Json::from_msgpack(*bytes);
    if (root.at("format").get<std::string>() != "strata-scan-cache" || root.at("version").get<int>() != kFormatVersion ||
        root.at("identity").get<std::string>() != identity_)
      return std::nullopt;
    CachedScan cached;
    root.at("headers").get_to(cached.headers);
    root.at("leaves").get_to(cached.leaves);
    root.at("context").get_to(cached.context);
    for (const auto& [path, stamp] : root.at("system_files").items())
      cached.system_files.emplace(path, FileStamp{stamp.at(0).get<std::uintmax_t>(), stamp.at(1).get<std::int64_t>()});
    root.at("dependencies").get_to(cached.dependencies);
    root.at("files_sha256").get_to(cached.files_sha256);
    return cached;
  } catch (const std::exception&) {
    return std::nullopt;  // damaged or of another format: parsed afresh, then rewritten
  }
}

std::optional<LoadedParts> ScanCache::load_files(const CachedScan& cached) const {
  const std::optional<std::string> bytes = read_cache_file(files_path());
  // Written before the index that names its hash: another pair's, or damaged, if it differs.
  if (!bytes || sha256_hex(*bytes) != cached.files_sha256) return std::nullopt;
  try {
    LoadedParts parts;
    Json stored = Json::from_msgpack(*bytes);
    for (Json& part : stored) {
      std::vector<std::uint8_t> encoded = std::move(part.get_binary());
      parts.files.push_back(read_file_scan(Json::from_msgpack(encoded)));
      parts.encoded.emplace(parts.files.back().first, std::move(encoded));
    }
    return parts;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::filesystem::path ScanCache::files_path() const {
  std::filesystem::path path = path_;
  return path.replace_extension(".files.msgpack");
}

bool ScanCache::is_current(const CachedScan& cached) {
  for (const auto& [path, stamp] : cached.system_files)
    if (stamp_of(path) != stamp) return false;
  for (const auto& [path, sha256] : cached.context)
    if (file_sha256(path) != sha256) return false;
  return true;
}

void ScanCache::save_in_background(CachedScan cached) const {
  background_writer().start([cache = *this, cached = std::move(cached)] { cache.save(cached); });
}

void ScanCache::wait_for_background_writes() { background_writer().wait(); }

BackgroundJob& ScanCache::background_writer() {
  static BackgroundJob writer;  // the process's exit waits for it
  return writer;
}

void ScanCache::save(const CachedScan& cached) const try {
  Json files = Json::array();
  for (const auto& [path, scan] : cached.files) {
    const auto encoded = cached.encoded.find(path);
    files.push_back(Json::binary(encoded != cached.encoded.end() ? encoded->second
                                                                 : Json::to_msgpack(file_scan_json(path, scan))));
  }
  const std::vector<std::uint8_t> file_bytes = Json::to_msgpack(files);
  const std::string_view files_text(reinterpret_cast<const char*>(file_bytes.data()), file_bytes.size());
  Json system_files = Json::object();
  for (const auto& [path, stamp] : cached.system_files) system_files[path] = Json{stamp.size, stamp.modified_ns};
  const Json root{{"format", "strata-scan-cache"},
                  {"version", kFormatVersion},
                  {"identity", identity_},
                  {"headers", cached.headers},
                  {"leaves", cached.leaves},
                  {"context", cached.context},
                  {"system_files", std::move(system_files)},
                  {"dependencies", cached.dependencies},
                  {"files_sha256", sha256_hex(files_text)}};
  const std::vector<std::uint8_t> index_bytes = Json::to_msgpack(root);
  std::error_code error;
  fs::create_directories(path_.parent_path(), error);
  if (write_cache_file(files_path(), files_text))
    write_cache_file(path_, std::string_view(reinterpret_cast<const char*>(index_bytes.data()), index_bytes.size()));
} catch (const std::exception&) {
  // a cache that cannot be written only costs the next scan its speed
}

}  // namespace strata

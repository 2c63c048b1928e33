#include "generator/cache_file.hpp"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace strata {

namespace fs = std::filesystem;

bool write_cache_file(const fs::path& path, std::string_view content) {
  const fs::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) return false;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) fs::remove(temporary, error);
  return !error;
}

std::optional<std::string> read_cache_file(const fs::path& path) {
  // One block of the size the file had when opened (not a byte at a time: the scan reads every
  // model header and the cache's megabytes), then to the end, should it have grown since.
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0 || !in.seekg(0)) return std::nullopt;
  std::string content(static_cast<std::size_t>(size), '\0');
  content.resize(static_cast<std::size_t>(in.rdbuf()->sgetn(content.data(), size)));
  content.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return content;
}

}  // namespace strata

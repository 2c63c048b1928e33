#include "generator/writer/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace strata {
namespace {

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Closes the descriptor when the scope ends, whatever happens.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

void fsync_path(const std::filesystem::path& path, int flags) {
  FileDescriptor fd(::open(path.c_str(), flags | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open", path);
  if (::fsync(fd.get()) != 0) throw_errno("cannot fsync", path);
}

}  // namespace

void fsync_directory(const std::filesystem::path& dir) { fsync_path(dir, O_RDONLY | O_DIRECTORY); }

void fsync_file(const std::filesystem::path& path) { fsync_path(path, O_RDONLY); }

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  // Hidden and unique per process, so a leftover from a killed run is recognisable and two
  // writers never share one.
  const std::filesystem::path temporary = dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (fd.get() < 0) throw_errno("cannot create", temporary);
  try {
    for (std::size_t written = 0; written < content.size();) {
      const ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw_errno("cannot write", temporary);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) throw_errno("cannot fsync", temporary);
    if (::close(fd.release()) != 0) throw_errno("cannot close", temporary);
    if (::rename(temporary.c_str(), path.c_str()) != 0)
      throw_errno("cannot rename " + temporary.string() + " to", path);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  fsync_directory(dir);
}

bool write_file_if_changed(const std::filesystem::path& path, std::string_view content) {
  if (const std::optional<std::string> existing = read_file_if_exists(path); existing && *existing == content)
    return false;
  write_file_atomically(path, content);
  return true;
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;  // as std::filesystem::exists says
    throw_errno("cannot read", path);
  }
  // One read of the size the file has (registry.cpp is megabytes, read before each rewrite), then
  // on to the end, should it have grown since.
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw_errno("cannot read", path);
  std::string content(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t size = 0;
  for (;;) {
    if (size == content.size()) content.resize(2 * content.size());
    const ssize_t n = ::read(fd.get(), content.data() + size, content.size() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot read", path);
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  content.resize(size);
  return content;
}

std::string read_file(const std::filesystem::path& path) {
  std::optional<std::string> content = read_file_if_exists(path);
  if (!content)
    throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory), "cannot read " + path.string());
  return std::move(*content);
}

}  // namespace strata

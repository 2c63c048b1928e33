#include "generator/writer/directory_transaction.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "generator/writer/atomic_file.hpp"

namespace strata {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Absolute, symlinks resolved (the swap must replace the real directory, not a link to it), and
// without a trailing separator.
std::filesystem::path normalised(const std::filesystem::path& dir) {
  const std::filesystem::path path = std::filesystem::weakly_canonical(std::filesystem::absolute(dir));
  return path.has_filename() ? path : path.parent_path();
}

std::filesystem::path parent_of(const std::filesystem::path& dir) { return normalised(dir).parent_path(); }

// Copies the tree. Regular files are hard-linked: the transaction never changes a staged file in
// place (write() renames a new file over it), so sharing the inode is safe, costs no data copy and
// keeps each unchanged file's modification time, so build tools see it unchanged. Where links are
// not possible the file is copied with its permissions and time, and fsynced: the swap must not
// expose unwritten data.
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(from)) {
    const std::filesystem::path target = to / entry.path().filename();
    if (entry.is_symlink()) {
      std::filesystem::copy_symlink(entry.path(), target);
    } else if (entry.is_directory()) {
      std::filesystem::create_directory(target, entry.path());
      copy_tree(entry.path(), target);
      std::filesystem::last_write_time(target, entry.last_write_time());
    } else if (entry.is_regular_file()) {
      std::error_code link_error;
      std::filesystem::create_hard_link(entry.path(), target, link_error);
      if (link_error) {
        std::filesystem::copy_file(entry.path(), target);
        std::filesystem::last_write_time(target, entry.last_write_time());
        fsync_file(target);
      }
    }
  }
  fsync_directory(to);
}

}  // namespace

DirectoryLock::DirectoryLock(const std::filesystem::path& dir) {
  const std::filesystem::path parent = parent_of(dir);
  std::filesystem::create_directories(parent);
  fd_ = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw_errno("cannot open " + parent.string() + " to lock it");
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd_);
    throw std::system_error(error, std::generic_category(), "cannot lock " + parent.string());
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

std::filesystem::path staging_path(const std::filesystem::path& dir) {
  const std::filesystem::path path = normalised(dir);
  return path.parent_path() / ("." + path.filename().string() + ".strata-staging");
}

void remove_stale_staging(const std::filesystem::path& dir) { std::filesystem::remove_all(staging_path(dir)); }

DirectoryTransaction::DirectoryTransaction(const std::filesystem::path& dir, const DirectoryLock& /*lock*/)
    : dir_(normalised(dir)), staging_(staging_path(dir)) {
  remove_stale_staging(dir_);
  dir_existed_ = std::filesystem::exists(dir_);
  try {
    if (dir_existed_) {
      std::filesystem::create_directory(staging_, dir_);
      copy_tree(dir_, staging_);
    } else {
      std::filesystem::create_directory(staging_);
    }
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(staging_, ignored);
    throw;
  }
}

DirectoryTransaction::~DirectoryTransaction() {
  if (committed_) return;
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
}

void DirectoryTransaction::write(std::string_view file, std::string_view content) {
  write_file_atomically(staging_ / file, content);
}

void DirectoryTransaction::remove(std::string_view file) {
  std::filesystem::remove(staging_ / file);
  fsync_directory(staging_);
}

void DirectoryTransaction::commit(const std::function<void()>& after_exchange) {
  fsync_directory(staging_);
  if (dir_existed_) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0)
      throw_errno("cannot swap " + staging_.string() + " with " + dir_.string());
  } else {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_NOREPLACE) != 0)
      throw_errno("cannot rename " + staging_.string() + " to " + dir_.string());
  }
  committed_ = true;
  fsync_directory(dir_.parent_path());
  if (after_exchange) after_exchange();
  // The staging path now holds the old content; if this is not reached, the next run removes it.
  removal_ = std::jthread([staging = staging_] {
    std::error_code ignored;
    std::filesystem::remove_all(staging, ignored);
  });
}

}  // namespace strata

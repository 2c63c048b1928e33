// All-or-nothing changes to a directory: the new content is built in a staging copy beside it,
// then the two are swapped with one renameat2(RENAME_EXCHANGE). A failed or killed run leaves the
// directory exactly as it was; its leftover staging copy is removed by the next run.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>
#include <thread>

namespace strata {

// An exclusive flock(2) on the directory's parent, held while the object lives, so that two
// writers of one directory take turns (the lock dies with its process, SIGKILL included). The
// parent, not the directory: the directory itself is replaced by each transaction.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir);
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  int fd_ = -1;
};

// "<parent>/.<name>.strata-staging": where a transaction builds the new content. Any directory
// found there while the lock is held was left by a run that died.
std::filesystem::path staging_path(const std::filesystem::path& dir);

// Removes the staging directory a dead run left, if any. Call with the lock held.
void remove_stale_staging(const std::filesystem::path& dir);

class DirectoryTransaction {
 public:
  // Copies `dir` (nothing when it does not exist yet) into a fresh staging directory: its files
  // hard-linked (copied, with permissions and modification times, where links fail). `lock` must be held on `dir`; it
  // documents that the caller took it.
  DirectoryTransaction(const std::filesystem::path& dir, const DirectoryLock& lock);
  DirectoryTransaction(const DirectoryTransaction&) = delete;
  DirectoryTransaction& operator=(const DirectoryTransaction&) = delete;
  // Removes the staging directory when commit() was not reached (or failed before the swap).
  ~DirectoryTransaction();

  // The staging copy: the directory as it will be after commit().
  const std::filesystem::path& staging() const { return staging_; }

  // Writes a file of the new content (temp file + fsync + rename, inside the staging copy).
  void write(std::string_view file, std::string_view content);
  // Removes a file from the new content.
  void remove(std::string_view file);

  // Makes the staged content the directory's, atomically, then removes the old content on a
  // thread of its own (3000 files for 1000 revisions), which the destructor waits for; a run
  // killed before it is done leaves the old content where the next run removes it.
  // `after_exchange`, when set, runs between the swap and the removal (tests use it to die there).
  void commit(const std::function<void()>& after_exchange = {});

 private:
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  bool dir_existed_ = false;
  bool committed_ = false;
  std::jthread removal_;
};

}  // namespace strata

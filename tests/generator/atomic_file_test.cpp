// The writer's whole-file reads and writes (generator/writer/atomic_file.hpp).
#include "generator/writer/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <system_error>

#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(AtomicFileTest, ReadsEveryByteOfAFileLargerThanOneBuffer) {
  const testing::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 3 * 1024 * 1024 + 17; ++i) bytes += static_cast<char>(i % 251);  // NULs and high bytes
  write_bytes(dir.path() / "registry.cpp", bytes);
  EXPECT_EQ(read_file(dir.path() / "registry.cpp"), bytes);
  write_bytes(dir.path() / "empty", "");
  EXPECT_EQ(read_file_if_exists(dir.path() / "empty"), std::string());
}

TEST(AtomicFileTest, AMissingFileIsNoneAndAnUnreadableOneAnErrorNamingIt) {
  const testing::TempDir dir;
  EXPECT_EQ(read_file_if_exists(dir.path() / "missing"), std::nullopt);
  write_bytes(dir.path() / "file", "x");
  EXPECT_EQ(read_file_if_exists(dir.path() / "file" / "below"), std::nullopt);  // as std::filesystem::exists says
  try {
    read_file(dir.path() / "missing");
    FAIL() << "read_file of a missing file returned";
  } catch (const std::system_error& error) {
    EXPECT_NE(std::string(error.what()).find((dir.path() / "missing").string()), std::string::npos) << error.what();
  }
  try {
    read_file_if_exists(dir.path());  // a directory: it exists, and cannot be read as a file
    FAIL() << "read_file_if_exists of a directory returned";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::is_a_directory);
    EXPECT_NE(std::string(error.what()).find(dir.path().string()), std::string::npos) << error.what();
  }
}

TEST(AtomicFileTest, AnUnchangedFileIsLeftAlone) {
  const testing::TempDir dir;
  const fs::path path = dir.path() / "registry.cpp";
  EXPECT_TRUE(write_file_if_changed(path, "one"));
  const fs::file_time_type written = fs::last_write_time(path);
  fs::last_write_time(path, written - std::chrono::hours(1));
  EXPECT_FALSE(write_file_if_changed(path, "one"));
  EXPECT_EQ(fs::last_write_time(path), written - std::chrono::hours(1));
  EXPECT_TRUE(write_file_if_changed(path, "two"));
  EXPECT_EQ(read_file(path), "two");
}

}  // namespace
}  // namespace strata

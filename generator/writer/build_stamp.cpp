#include "generator/writer/build_stamp.hpp"

#include <stdexcept>
#include <string>

#include "generator/writer/atomic_file.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {
namespace {

// A path in Makefile/depfile syntax: spaces, '#' and '\' escaped, '$' doubled.
std::string depfile_path(const std::filesystem::path& path) {
  std::string out;
  for (const char c : path.string()) {
    if (c == ' ' || c == '#' || c == '\\') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::vector<std::filesystem::path> migration_dependencies(const MigrationDirectory& files) {
  const std::filesystem::path dir = std::filesystem::absolute(files.path());
  std::vector<std::filesystem::path> deps;
  for (const std::string& file : migration_files(files)) deps.push_back(dir / file);
  deps.push_back(dir / kSumFileName);
  deps.push_back(dir);
  return deps;
}

std::vector<std::filesystem::path> migration_directory_dependencies(const std::filesystem::path& migrations_dir) {
  const std::filesystem::path dir = std::filesystem::absolute(migrations_dir);
  return {dir, dir / kSumFileName};
}

void write_build_stamp(const std::filesystem::path& stamp, const std::filesystem::path& depfile,
                       const std::vector<std::filesystem::path>& dependencies) {
  if (stamp.has_parent_path()) std::filesystem::create_directories(stamp.parent_path());
  write_file_atomically(stamp, "");
  if (depfile.empty()) return;
  std::string text = depfile_path(std::filesystem::absolute(stamp)) + ":";
  for (const std::filesystem::path& dep : dependencies) text += " \\\n  " + depfile_path(dep);
  text += "\n";
  write_file_atomically(depfile, text);
}

void add_to_depfile(const std::filesystem::path& depfile, const std::vector<std::filesystem::path>& dependencies) {
  std::string text = read_file(depfile);
  // The rule ends at the first line end not escaped by a backslash.
  std::size_t end = text.find('\n');
  while (end != std::string::npos && end > 0 && text[end - 1] == '\\') end = text.find('\n', end + 1);
  if (end == std::string::npos) end = text.size();
  if (text.find(':') >= end) throw SettingsError(depfile.string() + ": no rule to add dependencies to");
  std::string added;
  for (const std::filesystem::path& dep : dependencies) added += " \\\n  " + depfile_path(dep);
  text.insert(end, added);
  write_file_atomically(depfile, text);
}

}  // namespace strata

#include "generator/sql_object_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sql_object.hpp"

namespace strata {

namespace fs = std::filesystem;

void add_sql_object_files(const std::vector<std::string>& directories, ScanResult& scan) {
  std::vector<SqlObjectFile> parsed;
  bool failed = false;
  for (const std::string& directory : directories) {
    const fs::path dir = fs::absolute(directory).lexically_normal();
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
      Diagnostic missing;  // an error without a location
      missing.message = "SQL_OBJECTS directory " + dir.string() + " does not exist";
      scan.diagnostics.push_back(std::move(missing));
      failed = true;
      continue;
    }
    scan.dependencies.push_back(dir.string());
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      scan.dependencies.push_back(file.string());
      std::ifstream in(file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      SqlObjectParse result = parse_sql_object_file(file.string(), text.str());
      failed = failed || has_errors(result.diagnostics);
      scan.diagnostics.insert(scan.diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
      for (SqlObjectFile& f : result.parsed) parsed.push_back(std::move(f));
    }
  }
  std::sort(scan.dependencies.begin(), scan.dependencies.end());
  if (failed) return;
  const std::vector<Diagnostic> problems = add_sql_objects(scan.graph, parsed);
  scan.diagnostics.insert(scan.diagnostics.end(), problems.begin(), problems.end());
}

}  // namespace strata

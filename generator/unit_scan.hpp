// One libclang parse of model headers, the scanner's own work (scanner.cpp): libclang's errors,
// the files it read, and each file's part (file_scan.hpp). scan_models (scan_models.cpp) decides
// which headers it parses and merges the parts.
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "generator/file_scan.hpp"
#include "generator/scanner.hpp"

namespace strata {

struct UnitScan {
  ScanResult parse;                       // the parse's diagnostics and dependencies only
  std::vector<std::string> system_files;  // the system headers it read, its prelude's included
  bool system_files_known = true;         // false: a prelude was used whose file list is missing
  FileScans files;                        // in the order the unit declares them
  bool has_errors() const {
    return strata::has_errors(parse.diagnostics) ||
           std::any_of(files.begin(), files.end(), [](const auto& file) { return strata::has_errors(file.second.diagnostics); });
  }
};

// Parses `headers` (normalized paths; some or all of the options' headers, whose includes still
// make the prelude); with `owned_files`, only the tables of those files are scanned (every enum
// still is: members of the owned tables may use it) and only their parts kept.
UnitScan scan_unit(const ScanOptions& options, std::vector<std::string> headers, const std::set<std::string>* owned_files);

// The clang arguments of a scan, without "-x c++".
std::vector<std::string> scan_arguments(const ScanOptions& options);

// Absolute and lexically normal: how headers and locations are named.
std::string normalized_path(const std::string& path);

// clang_getClangVersion()'s text.
std::string libclang_version();

}  // namespace strata

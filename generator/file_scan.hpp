// What the declarations of one model file contribute to a scan, and how the files' parts make
// one ScanResult. The scanner makes one FileScan per file that declares something; the scan cache
// (scan_cache.hpp) keeps them, so that an edit re-parses only the headers it touched.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"
#include "generator/scanner.hpp"

namespace strata {

// A column given STRATA_TYPE("name"): the name may be a STRATA_ENUM of any file, so it is
// resolved once every file's enums are known.
struct ExplicitColumnType {
  std::string schema;
  std::string table;
  std::string column;
  bool operator==(const ExplicitColumnType&) const = default;
};

struct FileScan {
  ModelGraph graph;  // the file's enums and tables
  SourceMap locations;
  RenameHints renames;
  std::map<std::string, std::set<std::string>> allowed_rules;
  std::vector<ExplicitColumnType> explicit_types;
  std::vector<Diagnostic> diagnostics;  // the file's own errors (duplicates across files are the merge's)
  // The USRs of its namespace-level definitions ("USR = type" for an alias): a header parsed
  // alone cannot see that another defines the same name, which a full parse reports.
  std::vector<std::string> definitions;
  bool operator==(const FileScan&) const = default;
};

// Parts by file path, in the order the files declare them.
using FileScans = std::vector<std::pair<std::string, FileScan>>;

// One ScanResult of `files`, taken in the order the translation unit declared them: every file's
// enums, then every file's tables; a table or enum declared again in a later file is reported
// there ("duplicate ... (first declared at ...)") and left out. Then the graph is canonicalized,
// STRATA_TYPE names resolved, and the graph-wide rules (core/validation.hpp) applied.
// `result` brings the parse's own diagnostics and dependencies.
ScanResult merge_file_scans(const std::vector<const FileScan*>& files, ScanResult result);

}  // namespace strata

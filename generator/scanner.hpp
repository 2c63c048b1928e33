// Model headers -> ModelGraph: one libclang parse of every model header (an in-memory umbrella
// translation unit that includes them all; with the scan cache, of those changed since the last
// scan: scan_cache.hpp), structs with STRATA_TABLE become tables, enums with STRATA_ENUM become
// enum types. Every problem of the run is reported at once, located like a compiler error, and
// the graph-wide rules of core/validation.hpp are applied.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/model_graph.hpp"

namespace strata {

// A file served from memory instead of disk (tests); `path` is what #include and diagnostics see.
struct UnsavedFile {
  std::string path;
  std::string contents;
};

struct ScanOptions {
  std::vector<std::string> headers;          // model headers (paths; may name UnsavedFile paths)
  std::vector<std::string> include_dirs;     // extra -I
  std::vector<std::string> compile_options;  // extra clang flags (-D..., -std=...)
  std::vector<UnsavedFile> unsaved_files;
  // Where to keep the precompiled standard-library prelude (prelude_cache.hpp) and, with
  // `scan_cache`, the last scan's parts (scan_cache.hpp); empty: parse everything every time.
  std::string prelude_cache_dir;
  bool scan_cache = true;
};

struct ScanResult {
  ModelGraph graph;     // canonicalized
  SourceMap locations;  // keys per core/model_graph.hpp
  RenameHints renames;
  // STRATA_ALLOW("rule"): the lint rules acknowledged per table ("schema.table") or column
  // ("schema.table.column").
  std::map<std::string, std::set<std::string>> allowed_rules;
  std::vector<Diagnostic> diagnostics;    // errors and warnings, in source order
  std::vector<std::string> dependencies;  // the files outside system headers the parse read (for a depfile), sorted
  // The headers libclang parsed this time: all of them, or with the scan cache only those
  // changed since it was written (none when nothing changed).
  std::vector<std::string> parsed_headers;
};

// Paths in diagnostics, locations and dependencies are absolute and normalized. When the headers
// do not compile, the result holds libclang's errors (with their locations) and no model.
ScanResult scan_models(const ScanOptions& options);

}  // namespace strata

// The SQL_OBJECTS directories of a migration set: every `*.sql` file in them (not recursive) is
// one view, function or trigger (core/sql_object.hpp), added to the scanned models.
#pragma once

#include <string>
#include <vector>

#include "generator/scanner.hpp"

namespace strata {

// Reads the files of `directories` in name order into `scan.graph` (after its tables), adding
// their problems to `scan.diagnostics` and the directories and files to `scan.dependencies`
// (a new, edited or removed file reruns the generator). A directory that does not exist is an
// error. Nothing is added to the graph when any file has an error.
void add_sql_object_files(const std::vector<std::string>& directories, ScanResult& scan);

}  // namespace strata

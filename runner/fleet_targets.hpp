// The targets file of a fleet run (`migrator … --targets FILE`): one database per line, either a
// libpq connection string alone (a postgresql:// URL or key=value pairs) or `NAME CONNINFO`.
// Blank lines and lines whose first non-blank character is `#` are skipped.
//
// A target without a name is named by describe_connection() (host, port, dbname, user): the
// connection string itself, which may carry a password, is never printed, not even in errors.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

struct FleetTarget {
  std::string name;
  std::string conninfo;
  unsigned line = 0;  // 1-based line of the targets file
};

// "FILE:LINE: error: WHAT" (or "FILE: error: WHAT" for the file as a whole); never quotes the line.
class TargetsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The targets of `text`, read from `file` (the name used in errors), in file order. Throws
// TargetsFileError for a line that names no valid connection string, text after a URL, a
// duplicate name, or a file without targets.
std::vector<FleetTarget> parse_targets(std::string_view text, const std::string& file);
std::vector<FleetTarget> read_targets_file(const std::string& path);

}  // namespace strata

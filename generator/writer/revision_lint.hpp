// strata-gen lint: the SQL lint of core/sql_lint.hpp run on revisions' up SQL, the statements
// the migrator runs (hand edits and hand-written revisions included).
#pragma once

#include <string>
#include <vector>

#include "generator/writer/migration_set.hpp"

namespace strata {

struct RevisionLint {
  std::vector<std::string> warnings;  // "<dir>/0002_x.up.sql:3: warning[rule]: message"
  std::vector<std::string> errors;    // "<dir>/0002_x.up.sql:3: error: strata:allow names an unknown rule ..."
};

// The findings in the up SQL of the revisions `ids` of `files`, in the order given (an id whose
// up SQL is not there is skipped).
RevisionLint lint_revisions(const MigrationDirectory& files, const std::vector<std::string>& ids);

}  // namespace strata

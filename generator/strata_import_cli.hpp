// strata-import: model headers written from a live database (model_import.hpp); what
// `strata-gen import` runs.
//
// Exit status: 0 written · 1 objects not imported, a --schemas name that does not exist, --out not
// empty (nothing written) · 2 usage · 3 the database cannot be reached (as for the migrator).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace strata {

int run_strata_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace strata

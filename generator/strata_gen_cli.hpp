// strata-gen: models -> revisions (DESIGN.md, "Commands").
//
// Exit status: 0 ok (generate wrote a revision or found no changes; check found models and
// migrations in agreement) · 1 model errors, strata.sum problems, refused destructive changes, or
// check found pending changes · 2 usage. The errors are generator/writer/generator_errors.hpp's;
// run_strata_gen maps each to its status and lines.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace strata {

int run_strata_gen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace strata

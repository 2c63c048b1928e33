#include "generator/writer/revision_lint.hpp"

#include "core/sql_lint.hpp"
#include "core/sql_script.hpp"

namespace strata {

RevisionLint lint_revisions(const MigrationDirectory& files, const std::vector<std::string>& ids) {
  RevisionLint out;
  for (const std::string& id : ids) {
    const std::string name = up_sql_file(id);
    if (!files.contains(name)) continue;  // hash accepted its removal
    const std::string where = (files.path() / name).string() + ":";
    try {
      const SqlLint lint = lint_sql(files.content(name));
      for (const SqlLintFinding& f : lint.findings)
        out.warnings.push_back(where + std::to_string(f.line) + ": warning[" + f.rule + "]: " + f.message);
      for (const SqlLintFinding& f : lint.unknown_rules)
        out.errors.push_back(where + std::to_string(f.line) + ": error: " + f.message);
    } catch (const SqlScriptError& error) {
      out.errors.push_back(where + std::to_string(error.line()) + ": error: " + error.what());
    }
  }
  return out;
}

}  // namespace strata

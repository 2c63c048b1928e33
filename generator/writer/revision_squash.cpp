#include "generator/writer/revision_squash.hpp"

#include <algorithm>

#include "core/joined.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/revision_source_edit.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {
namespace {

// The header comment of `last`'s file, then each file's statements under `-- squashed from <id>`.
std::string squashed_sql(const MigrationDirectory& files, const std::vector<std::string>& ids, const std::string& last,
                         std::string (*file_of)(std::string_view)) {
  const std::string& last_text = files.content(file_of(last));
  std::string out = with_sql_parent(last_text.substr(0, last_text.find("\n\n") + 1), "");
  for (const std::string& id : ids) out += "\n-- squashed from " + id + "\n" + std::string(sql_statements(files.content(file_of(id))));
  return out;
}

}  // namespace

SquashResult squash_revisions(const MigrationSetConfig& config, const std::string& upto) {
  const std::filesystem::path& dir = config.migrations_dir;
  const DirectoryLock lock(dir);
  remove_stale_staging(dir);
  const MigrationDirectory files = MigrationDirectory::read(dir);
  if (std::vector<std::string> problems = sum_problem_lines(files); !problems.empty())
    throw SumMismatch(std::move(problems));
  const MigrationSet set = load_migration_set(files);
  const std::size_t last = set.index_of(upto, "--upto");
  const std::string& baseline = set.revisions[last].id;
  if (last == 0)
    throw MigrationSetError({"--upto " + upto + ": " + baseline + " is the first revision: nothing to squash"});

  std::vector<std::string> range;
  std::vector<std::string> problems;
  SquashResult result{baseline, {}};
  for (std::size_t i = 0; i <= last; ++i) {
    const RevisionOnDisk& revision = set.revisions[i];
    range.push_back(revision.id);
    std::string former = revision.replaces;  // a baseline or renumbered revision stands for more
    for (std::size_t start = 0; start < former.size();) {
      std::size_t end = std::min(former.find(' ', start), former.size());
      if (end > start && former.substr(start, end - start) != revision.id) result.replaced.push_back(former.substr(start, end - start));
      start = end + 1;
    }
    result.replaced.push_back(revision.id);
    for (const std::string& hook : revision_hooks(files.content(revision_source_file(revision.id)))) {
      if (i == last && (hook == "after_upgrade" || hook == "before_downgrade")) continue;
      problems.push_back((dir / revision_source_file(revision.id)).string() + ": its " + hook +
                         " hook cannot be squashed: the baseline runs the range's SQL as one revision, so the hook "
                         "would no longer run at its point between them; squash up to the revision before " +
                         (i == last ? "it" : revision.id + " (or " + baseline + " without it)") +
                         ", or move the hook's work into the revision's SQL");
    }
  }
  if (!problems.empty()) throw MigrationSetError(std::move(problems));

  std::vector<std::string> reversed(range.rbegin(), range.rend());
  const std::string source = with_replaces(with_parent(files.content(revision_source_file(baseline)), ""),
                                           joined(result.replaced, " "),
                                           (dir / revision_source_file(baseline)).string());
  {
    DirectoryTransaction transaction(dir, lock);
    for (const std::string& id : range)
      for (const std::string& name : {revision_source_file(id), up_sql_file(id), down_sql_file(id)})
        transaction.remove(name);
    transaction.write(revision_source_file(baseline), source);
    transaction.write(up_sql_file(baseline), squashed_sql(files, range, baseline, &up_sql_file));
    transaction.write(down_sql_file(baseline), squashed_sql(files, reversed, baseline, &down_sql_file));
    RevisionWriter(config).commit_rewrite(transaction, lock);
  }
  return result;
}

}  // namespace strata

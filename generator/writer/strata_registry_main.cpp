// strata-registry: checks a migrations directory against its strata.sum and keeps
// generated/registry.cpp current, without libclang. It is also the compiler launcher of the
// migrator's registry.cpp (cmake/StrataMigrations.cmake), so what the migrator embeds is what
// strata.sum records: what was reviewed.
//
//   strata-registry --migrations DIR --generated DIR --name NAME --url-env VAR (--check | --write)
//                   [-- COMPILER ARGS...]
//
// --check  exit 0 when strata.sum matches the directory, the directory loads and registry.cpp is
//          what --write would write; else exit 1, one problem per line on stderr
//          ("<dir>/<file>: edited|removed|added|reordered").
// --write  rewrite registry.cpp (only when its content changes); refuses like --check on
//          strata.sum problems.
// -- COMPILER ARGS...  with --check: when the check passes, run the compiler command, then add
//          every file strata.sum covers, strata.sum and the directory to the depfile it writes
//          (-MF), so that an edit of any revision file re-runs the compile, and with it the
//          check. A compiler's depfile lands in Ninja's binary deps log, where a custom
//          command's is re-read as text on every build.
// Exit status: 0 ok, 1 problems found or an error, 2 usage; with a compiler command, its status.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generator/writer/atomic_file.hpp"
#include "generator/writer/build_stamp.hpp"
#include "generator/writer/compiler_command.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/revision_writer.hpp"
#include "generator/writer/strata_sum.hpp"

namespace {

// The one spelling of the prefix of strata-registry's error lines.
constexpr std::string_view kErrorPrefix = "strata-registry: error: ";

// Throws at the first kind of problem: strata.sum's (SumMismatch; the registry then differs too:
// not repeated), else the directory's load errors (MigrationSetError), else a stale registry.cpp
// or schema header (OutOfDate).
void check(const strata::MigrationDirectory& files, strata::RevisionWriter& writer) {
  if (std::vector<std::string> problems = strata::sum_problem_lines(files); !problems.empty())
    throw strata::SumMismatch(std::move(problems));
  if (const auto stale = writer.stale_generated_file(files))
    throw strata::OutOfDate(stale->string() + " is out of date: run `cmake --build . --target migrations`");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Verifies a Strata migrations directory against strata.sum and refreshes generated/registry.cpp"};
  strata::MigrationSetConfig config;
  app.add_option("--migrations", config.migrations_dir, "the migrations directory")->required();
  app.add_option("--generated", config.generated_dir, "the directory of registry.cpp")->required();
  app.add_option("--name", config.name, "the migration set's name")->required();
  app.add_option("--url-env", config.database_url_env, "the database URL environment variable")->required();
  app.add_option("--history-table", config.history_table,
                 "the history table, NAME or SCHEMA.NAME (default public.strata_history)");
  app.add_option("--unmanaged", config.unmanaged, "a glob on schema.name `migrator check` leaves alone (repeatable)");
  bool check_requested = false;
  bool write_requested = false;
  CLI::Option* check_flag =
      app.add_flag("--check", check_requested, "verify strata.sum and that registry.cpp is current");
  CLI::Option* write_flag = app.add_flag("--write", write_requested, "rewrite registry.cpp when it changes");
  check_flag->excludes(write_flag);
  std::vector<std::string> compile_command;
  app.add_option("compiler", compile_command, "after --, a compiler command to run when --check passes")
      ->needs(check_flag);
  // Every failure ends here: its exit status and its lines (see the top of this file).
  try {
    app.parse(argc, argv);
    if (!check_requested && !write_requested) throw CLI::RequiredError("--check or --write");
    strata::RevisionWriter writer(config);
    // Read once: verified, loaded and embedded from the same bytes, and listed in the depfile.
    const strata::MigrationDirectory files = strata::MigrationDirectory::read(config.migrations_dir);
    if (check_requested) {
      check(files, writer);
    } else if (writer.refresh_registry()) {  // reads under the lock it takes
      std::cout << "strata-registry: wrote " << writer.registry_path().string() << "\n";
    }
    if (compile_command.empty()) return 0;
    if (const int status = strata::run_command(compile_command); status != 0) return status;
    if (const std::optional<std::filesystem::path> compiler_depfile = strata::compiler_depfile(compile_command))
      strata::add_to_depfile(*compiler_depfile, strata::migration_dependencies(files));
    return 0;
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  } catch (const strata::SumMismatch& error) {
    for (const std::string& problem : error.problems()) std::cerr << problem << "\n";
    std::cerr << kErrorPrefix
              << "the migrator must embed what strata.sum records; after a deliberate hand edit, "
                 "review it and run `strata-gen hash`\n";
    return 1;
  } catch (const strata::ProblemsError& error) {
    for (const std::string& problem : error.problems()) std::cerr << problem << "\n";
    return 1;
  } catch (const strata::OutOfDate& error) {
    std::cerr << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << kErrorPrefix << error.what() << "\n";
    return 1;
  }
}

// `strata-gen` (DESIGN.md, "Commands"), run in-process through run_strata_gen in temporary
// directories: generate / check / diff / inspect / hash, destructive-change refusal, messages,
// model errors, strata.sum problems, usage errors, two heads; the golden `inspect --format json`
// of the AutoML models; and the real executable killed with SIGKILL while it writes a revision.
#include "generator/strata_gen_cli.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/strata_sum.hpp"
#include "tests/support/env_override.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/temp_dir.hpp"

#ifndef STRATA_GEN_EXE
#error "STRATA_GEN_EXE must name the strata-gen executable (tests/generator/CMakeLists.txt)"
#endif
#ifndef STRATA_AUTOML_MODELS
#error "STRATA_AUTOML_MODELS must list the AutoML model headers, separated by '|'"
#endif

namespace strata {
namespace {

namespace fs = std::filesystem;
using testing::EnvOverride;
using testing::TempDir;

// ---- helpers --------------------------------------------------------------------------------

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out) << "cannot write " << path;
}

// Every regular file under `dir` (relative path -> content); empty when `dir` does not exist.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
  return files;
}

std::vector<std::string> revision_ids(const fs::path& migrations) {
  std::vector<std::string> ids;
  for (const auto& [file, content] : tree(migrations)) {
    const std::string suffix = ".up.sql";
    if (file.size() > suffix.size() && file.ends_with(suffix)) ids.push_back(file.substr(0, file.size() - suffix.size()));
  }
  return ids;
}

struct CliResult {
  int status;
  std::string out, err;
};

CliResult run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int status = run_strata_gen(args, out, err);
  return {status, out.str(), err.str()};
}

// A scratch project: models/app.hpp, migrations/, generated/.
class Project {
 public:
  fs::path models() const { return dir_.path() / "models" / "app.hpp"; }
  fs::path migrations() const { return dir_.path() / "migrations"; }
  fs::path generated() const { return dir_.path() / "generated"; }
  const fs::path& root() const { return dir_.path(); }

  void set_models(const std::string& source) const { write_file(models(), source); }

  CliResult gen(const std::string& command, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"--migrations", migrations().string(), "--generated", generated().string(),
                                     "--models",     models().string(),     command};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }

  // migrations/ and generated/ together, for "nothing was written".
  std::map<std::string, std::string> state() const {
    std::map<std::string, std::string> all;
    for (const auto& [file, content] : tree(migrations())) all["migrations/" + file] = content;
    for (const auto& [file, content] : tree(generated())) all["generated/" + file] = content;
    return all;
  }

 private:
  TempDir dir_;
};

// The base model and its variations (each a whole header).
const std::string kProjectsTable = R"cpp(
struct STRATA_TABLE("projects") Project {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_FK("accounts.id") STRATA_INDEXED std::int64_t account_id;
  std::string title;
};
)cpp";
std::string model(const std::string& account_members, const std::string& extra_tables = kProjectsTable) {
  return R"cpp(#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <strata/annotate.hpp>

struct STRATA_TABLE("accounts") Account {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
)cpp" + account_members +
         "};\n" + extra_tables;
}
const std::string kName = "  STRATA_LENGTH(120) std::string name;\n";
const std::string kLocale = "  std::optional<std::string> locale;\n";
const std::string kRegion = "  std::optional<std::string> region;\n";
const std::string kBaseModel = model(kName + kLocale);

class StrataGenCli : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"STRATA_MESSAGE", "STRATA_ALLOW_DESTRUCTIVE"}) ::unsetenv(name);
    project.set_models(kBaseModel);
    const CliResult initial = project.gen("generate");
    ASSERT_EQ(initial.status, 0) << initial.err;
    ASSERT_EQ(initial.out, "0001_initial\n");
    initial_err = initial.err;
  }
  void TearDown() override {
    for (const char* name : {"STRATA_MESSAGE", "STRATA_ALLOW_DESTRUCTIVE"}) ::unsetenv(name);
  }

  Project project;
  std::string initial_err;  // stderr of the first generate
};

// ---- generate -------------------------------------------------------------------------------

TEST_F(StrataGenCli, InitialRevisionSummaryIsOneLine) {
  // One line counting the operations by kind, not one line per operation.
  EXPECT_EQ(initial_err, "strata-gen: wrote 0001_initial: 2 create table, 1 create index\n");
  EXPECT_EQ(revision_ids(project.migrations()), std::vector<std::string>{"0001_initial"});
  EXPECT_TRUE(fs::exists(project.generated() / "registry.cpp"));
}

TEST_F(StrataGenCli, UnchangedModelsWriteNothing) {
  const auto before = project.state();
  ASSERT_FALSE(before.empty());
  const CliResult again = project.gen("generate");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out, "no changes\n");
  EXPECT_EQ(project.state(), before);
}

TEST_F(StrataGenCli, OneEditGeneratedTwiceWritesOneRevision) {
  project.set_models(model(kName + kLocale + kRegion));
  const CliResult first = project.gen("generate");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(first.out, "0002_add_column_accounts_region\n");
  EXPECT_EQ(first.err, "strata-gen: wrote 0002_add_column_accounts_region: 1 add column\n");
  const auto after_first = project.state();

  const CliResult second = project.gen("generate");
  EXPECT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out, "no changes\n");
  EXPECT_EQ(project.state(), after_first);
  EXPECT_EQ(revision_ids(project.migrations()),
            (std::vector<std::string>{"0001_initial", "0002_add_column_accounts_region"}));
  EXPECT_TRUE(verify_sum(project.migrations()).empty());
}

// The depfile of `generate --stamp`: the models and what they include, the migrations directory
// (added or removed revisions) and strata.sum (revisions written, edits accepted by `hash`), not
// each revision file: a hand edit that strata.sum does not record is for `check` to report.
TEST_F(StrataGenCli, DepfileNamesTheDirectoryAndStrataSumNotEachRevisionFile) {
  project.set_models(model(kName + kLocale + kRegion));
  const fs::path stamp = project.root() / "build" / "generate.stamp";
  const fs::path depfile = project.root() / "build" / "generate.d";
  for (const char* expected_out : {"0002_add_column_accounts_region\n", "no changes\n"}) {
    const CliResult generate = project.gen("generate", {"--stamp", stamp.string(), "--depfile", depfile.string()});
    ASSERT_EQ(generate.status, 0) << generate.err;
    EXPECT_EQ(generate.out, expected_out);
    EXPECT_TRUE(fs::exists(stamp));
    std::vector<std::string> lines;
    std::istringstream text(read_file(depfile));
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front(), fs::absolute(stamp).string() + ": \\");
    std::vector<std::string> deps;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      std::string dep = lines[i].substr(lines[i].find_first_not_of(' '));
      if (dep.ends_with(" \\")) dep.resize(dep.size() - 2);
      deps.push_back(dep);
    }
    const fs::path migrations = fs::absolute(project.migrations());
    for (const fs::path& expected : {project.models(), migrations, migrations / "strata.sum"})
      EXPECT_NE(std::find(deps.begin(), deps.end(), expected.string()), deps.end()) << expected << " not in\n"
                                                                                     << read_file(depfile);
    for (const std::string& dep : deps)
      EXPECT_EQ(dep.find(migrations.string() + "/0"), std::string::npos) << "a revision file in the depfile: " << dep;
  }
}

// A hand edit of an up.sql that strata.sum does not record: the depfile does not name the file,
// so the build need not notice, but check fails on it (migrations-check), and after `hash`
// accepts it, strata.sum (in the depfile) has changed and the registry embeds the edit.
TEST_F(StrataGenCli, UnrecordedSqlEditFailsCheckAndHashEmbedsIt) {
  const fs::path up = project.migrations() / "0001_initial.up.sql";
  const std::string edit = "\nUPDATE \"public\".\"accounts\" SET \"locale\" = 'en';\n";
  const std::string sum_before = read_file(project.migrations() / "strata.sum");
  write_file(up, read_file(up) + edit);
  const CliResult check = project.gen("check");
  EXPECT_EQ(check.status, 1);
  EXPECT_EQ(check.err.rfind(up.string() + ": edited\n", 0), 0u) << check.err;

  const CliResult hash = run({"--migrations", project.migrations().string(), "--generated", project.generated().string(), "hash"});
  ASSERT_EQ(hash.status, 0) << hash.err;
  EXPECT_NE(read_file(project.migrations() / "strata.sum"), sum_before);
  EXPECT_NE(read_file(project.generated() / "registry.cpp").find("SET \"locale\" = 'en'"), std::string::npos);
  EXPECT_EQ(project.gen("check").status, 0);
}

// generated/ that the directory no longer renders to (a hand edit, a merge that kept one side)
// fails check, naming the file, even though the models match; the next build rewrites it.
TEST_F(StrataGenCli, StaleGeneratedFilesFailCheckNamingThem) {
  std::vector<fs::path> files;  // registry.cpp and the schema header
  for (const fs::directory_entry& entry : fs::directory_iterator(project.generated())) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 2u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string current = read_file(file);
    write_file(file, current + "// edited\n");
    const CliResult check = project.gen("check");
    EXPECT_EQ(check.status, 1);
    EXPECT_NE(check.err.find(file.string() + " is out of date; run `cmake --build . --target migrations`"),
              std::string::npos)
        << check.err;
    EXPECT_EQ(project.gen("generate").out, "no changes\n");
    EXPECT_EQ(read_file(file), current);
    EXPECT_EQ(project.gen("check").status, 0);
  }
}

// ---- revision -m (an empty revision) --------------------------------------------------------

TEST_F(StrataGenCli, RevisionWritesAnEmptyRevisionOnHeadAndASecondChainsAfterIt) {
  const std::string snapshot = read_file(project.migrations() / "snapshot.json");
  const CliResult first = project.gen("revision", {"-m", "Backfill account names"});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(first.out, "0002_backfill_account_names\n");
  EXPECT_TRUE(first.err.find("empty revision") != std::string::npos) << first.err;
  const MigrationSet set = load_migration_set(project.migrations());
  ASSERT_EQ(set.revisions.size(), 2u);
  EXPECT_EQ(set.revisions[1].parent, "0001_initial");
  EXPECT_EQ(set.revisions[1].snapshot_hash, set.revisions[0].snapshot_hash);  // the schema does not change
  EXPECT_EQ(read_file(project.migrations() / "snapshot.json"), snapshot);
  const std::string up = read_file(project.migrations() / "0002_backfill_account_names.up.sql");
  EXPECT_TRUE(up.find("-- Message: Backfill account names\n") != std::string::npos) << up;
  EXPECT_TRUE(up.find("-- No statements.") != std::string::npos) << up;
  EXPECT_TRUE(fs::exists(project.migrations() / "0002_backfill_account_names.down.sql"));
  EXPECT_TRUE(read_file(project.generated() / "registry.cpp").find("0002_backfill_account_names") != std::string::npos);
  // strata.sum records it and the registry is current: check passes, generate has nothing to do.
  const CliResult check = project.gen("check");
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(project.gen("generate").out, "no changes\n");

  // Without --models (no scan needed); it chains after the first.
  const CliResult second = run({"--migrations", project.migrations().string(), "--generated",
                                project.generated().string(), "revision", "-m", "grant reporting role"});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out, "0003_grant_reporting_role\n");
  EXPECT_EQ(load_migration_set(project.migrations()).revisions.at(2).parent, "0002_backfill_account_names");
  EXPECT_EQ(project.gen("check").status, 0);
}

// A hand-written revision's SQL is linted when `hash` accepts it and by `lint`: squawk's rule
// names, the file and line; `-- strata:allow RULE` acknowledges one statement.
TEST_F(StrataGenCli, HashAndLintJudgeHandWrittenSqlAndStrataAllowAcknowledges) {
  ASSERT_EQ(project.gen("revision", {"-m", "index names"}).status, 0);
  const fs::path up = project.migrations() / "0002_index_names.up.sql";
  write_file(up, read_file(up) +
                     "CREATE INDEX ix_accounts_name ON accounts (name);\n"
                     "-- strata:allow ban-drop-column\n"
                     "ALTER TABLE accounts DROP COLUMN locale;\n");
  const CliResult hash = project.gen("hash");
  EXPECT_EQ(hash.status, 0) << hash.err;
  EXPECT_EQ(hash.out, "accepted 0002_index_names.up.sql: edited\n");
  EXPECT_EQ(hash.err, up.string() +
                          ":8: warning[require-concurrent-index-creation]: CREATE INDEX on public.accounts without "
                          "CONCURRENTLY blocks writes to it while the index builds\n");
  // Only what hash accepted is linted by hash; lint takes revisions by id prefix, or all.
  EXPECT_EQ(project.gen("hash").err, "");
  EXPECT_EQ(project.gen("lint", {"0002"}).err, hash.err);
  EXPECT_EQ(project.gen("lint", {"0002"}).status, 0);
  EXPECT_EQ(project.gen("lint", {"--strict"}).status, 1);
  const CliResult unknown = project.gen("lint", {"0009"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("lint 0009: no revision of "), std::string::npos) << unknown.err;

  // A misspelt rule acknowledges nothing and is an error.
  write_file(up, read_file(up) + "DROP INDEX ix_accounts_name;  -- strata:allow require-concurrent-index-deletio\n");
  const CliResult misspelt = project.gen("hash");
  EXPECT_EQ(misspelt.status, 1);
  EXPECT_NE(misspelt.err.find(up.string() + ":11: warning[require-concurrent-index-deletion]: "), std::string::npos)
      << misspelt.err;
  EXPECT_NE(misspelt.err.find(up.string() +
                              ":11: error: strata:allow names an unknown rule \"require-concurrent-index-deletio\""),
            std::string::npos)
      << misspelt.err;
}

// Issue 14: a label the models still write in a check, an index predicate or a default cannot be
// dropped (the recreated type would refuse the literal): the error names each user, nothing is
// written. Dropping a label nothing names goes through.
TEST_F(StrataGenCli, DroppingALabelAModelStillUsesIsRefusedNamingTheUser) {
  const auto models = [](const std::string& labels) {
    return model(kName + kLocale, kProjectsTable + R"cpp(
enum class STRATA_ENUM("ticket_state") TicketState { )cpp" + labels + R"cpp( };
struct STRATA_TABLE("tickets") STRATA_CHECK_TABLE("ck_tickets_open", "state <> 'closed' OR closed_at IS NOT NULL")
    STRATA_INDEX("ix_tickets_waiting", "id") STRATA_INDEX_WHERE("ix_tickets_waiting", "state = 'waiting'") Ticket {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_DEFAULT("'open'") TicketState state;
  std::optional<std::string> closed_at;
};
)cpp");
  };
  project.set_models(models("open, waiting, closed, spam"));
  const CliResult first = project.gen("generate");
  ASSERT_EQ(first.status, 0) << first.err;
  const auto before = project.state();
  project.set_models(models("open, closed, spam"));
  const CliResult refused = project.gen("generate", {"--allow-destructive"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("label 'waiting' of enum public.ticket_state is dropped, but index ix_tickets_waiting on "
                             "public.tickets still uses it: change that first"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(project.state(), before);
  project.set_models(models("waiting, closed"));
  const CliResult both = project.gen("generate", {"--allow-destructive"});
  EXPECT_EQ(both.status, 1);
  EXPECT_NE(both.err.find("label 'open' of enum public.ticket_state is dropped, but the default of "
                          "public.tickets.state still uses it"),
            std::string::npos)
      << both.err;
  project.set_models(models("open, waiting, closed"));
  EXPECT_EQ(project.gen("generate", {"--allow-destructive"}).status, 0);
}

TEST_F(StrataGenCli, RevisionWithoutAMessageIsAUsageErrorAndWritesNothing) {
  const auto before = project.state();
  EXPECT_EQ(project.gen("revision").status, 2);
  EXPECT_EQ(project.gen("revision", {"-m", "  "}).status, 2);
  EXPECT_EQ(project.state(), before);
}

// ---- check and diff -------------------------------------------------------------------------

TEST_F(StrataGenCli, CheckInSyncExitsZero) {
  const CliResult check = project.gen("check");
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(check.out, "");
  EXPECT_EQ(check.err, "strata-gen: models match migrations (head 0001_initial)\n");
}

TEST_F(StrataGenCli, CheckWithPendingChangeExitsOneWithSql) {
  project.set_models(model(kName + kLocale + kRegion));
  const auto before = project.state();
  const CliResult check = project.gen("check");
  EXPECT_EQ(check.status, 1);
  EXPECT_EQ(check.out, "ALTER TABLE \"public\".\"accounts\" ADD COLUMN \"region\" text;\n");
  EXPECT_NE(check.err.find("1 change(s) without a revision"), std::string::npos) << check.err;
  EXPECT_EQ(project.state(), before);
}

TEST_F(StrataGenCli, DiffPrintsPendingUpSqlAndWritesNothing) {
  project.set_models(model(kName + kLocale + kRegion));
  const auto before = project.state();
  const CliResult diff = project.gen("diff");
  EXPECT_EQ(diff.status, 0) << diff.err;
  EXPECT_EQ(diff.out, "ALTER TABLE \"public\".\"accounts\" ADD COLUMN \"region\" text;\n");
  EXPECT_EQ(project.state(), before);

  project.set_models(kBaseModel);
  const CliResult none = project.gen("diff");
  EXPECT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.out, "");
}

// ---- inspect --------------------------------------------------------------------------------

TEST_F(StrataGenCli, InspectFormats) {
  const CliResult json = run({"--models", project.models().string(), "inspect", "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  const nlohmann::json graph = nlohmann::json::parse(json.out);
  EXPECT_EQ(graph.at("format"), "strata-snapshot");
  EXPECT_NE(json.out.find("\"accounts\""), std::string::npos);
  EXPECT_EQ(run({"--models", project.models().string(), "inspect"}).out, json.out) << "json is the default";
  EXPECT_EQ(json.out, read_file(project.migrations() / "snapshot.json")) << "inspect json is the snapshot format";

  const CliResult dot = run({"--models", project.models().string(), "inspect", "--format", "dot"});
  ASSERT_EQ(dot.status, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph strata {\n", 0), 0u) << dot.out;
  EXPECT_NE(dot.out.find("projects"), std::string::npos);

  const CliResult mermaid = run({"--models", project.models().string(), "inspect", "--format", "mermaid"});
  ASSERT_EQ(mermaid.status, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out.rfind("erDiagram\n", 0), 0u) << mermaid.out;
  EXPECT_NE(mermaid.out.find("accounts"), std::string::npos);
}

// ---- destructive changes --------------------------------------------------------------------

// Drops locale, drops the projects table, narrows name from varchar(120) to varchar(60).
const std::string kDestructiveModel = model("  STRATA_LENGTH(60) std::string name;\n", "");

TEST_F(StrataGenCli, DestructiveChangesRefusedNamingEach) {
  project.set_models(kDestructiveModel);
  const auto before = project.state();
  const CliResult refused = project.gen("generate");
  EXPECT_EQ(refused.status, 1);
  EXPECT_EQ(refused.out, "");
  for (const char* object : {"public.accounts.locale", "public.projects", "public.accounts.name"})
    EXPECT_NE(refused.err.find(object), std::string::npos) << object << " not named in:\n" << refused.err;
  EXPECT_NE(refused.err.find("--allow-destructive"), std::string::npos) << refused.err;
  std::size_t destructive_lines = 0;
  for (std::size_t at = refused.err.find("error: destructive: "); at != std::string::npos;
       at = refused.err.find("error: destructive: ", at + 1))
    ++destructive_lines;
  EXPECT_EQ(destructive_lines, 3u) << refused.err;
  // Each located at what the models declare of it: the narrowed member, the struct that lost
  // one; a dropped struct is declared nowhere.
  const std::string models = project.models().string();
  const auto line_of = [&](const std::string& text) {
    const std::size_t at = refused.err.find(text);
    if (at == std::string::npos) return std::string("(missing)");
    const std::size_t begin = refused.err.rfind('\n', at);
    return refused.err.substr(begin == std::string::npos ? 0 : begin + 1, at - (begin == std::string::npos ? 0 : begin + 1));
  };
  EXPECT_EQ(line_of("destructive: change type of column public.accounts.name").rfind(models + ":", 0), 0u) << refused.err;
  EXPECT_EQ(line_of("destructive: drop column public.accounts.locale").rfind(models + ":", 0), 0u) << refused.err;
  EXPECT_EQ(line_of("destructive: drop table public.projects"), "strata-gen: error: ") << refused.err;
  EXPECT_EQ(project.state(), before);
}

TEST_F(StrataGenCli, DestructiveChangesAcceptedWithFlag) {
  project.set_models(kDestructiveModel);
  const CliResult accepted = project.gen("generate", {"--allow-destructive"});
  EXPECT_EQ(accepted.status, 0) << accepted.err;
  EXPECT_EQ(accepted.out.rfind("0002_", 0), 0u) << accepted.out;
  EXPECT_EQ(revision_ids(project.migrations()).size(), 2u);
  EXPECT_EQ(project.gen("check").status, 0);
}

TEST_F(StrataGenCli, DestructiveChangesAcceptedWithEnvironment) {
  project.set_models(kDestructiveModel);
  ::setenv("STRATA_ALLOW_DESTRUCTIVE", "1", 1);
  const CliResult accepted = project.gen("generate");
  EXPECT_EQ(accepted.status, 0) << accepted.err;
  EXPECT_EQ(revision_ids(project.migrations()).size(), 2u);
}

TEST_F(StrataGenCli, DestructiveEnvironmentZeroStillRefuses) {
  project.set_models(kDestructiveModel);
  ::setenv("STRATA_ALLOW_DESTRUCTIVE", "0", 1);
  EXPECT_EQ(project.gen("generate").status, 1);
  EXPECT_EQ(revision_ids(project.migrations()).size(), 1u);
}

// ---- messages -------------------------------------------------------------------------------

TEST_F(StrataGenCli, MessageOptionGivesSlug) {
  project.set_models(model(kName + kLocale + kRegion));
  const CliResult run_m = project.gen("generate", {"-m", "Track account region"});
  ASSERT_EQ(run_m.status, 0) << run_m.err;
  EXPECT_EQ(run_m.out, "0002_track_account_region\n");
  EXPECT_NE(read_file(project.migrations() / "0002_track_account_region.up.sql").find("-- Message: Track account region\n"),
            std::string::npos);
}

TEST_F(StrataGenCli, MessageEnvironmentGivesSlug) {
  project.set_models(model(kName + kLocale + kRegion));
  ::setenv("STRATA_MESSAGE", "region for data residency", 1);
  const CliResult run_env = project.gen("generate");
  ASSERT_EQ(run_env.status, 0) << run_env.err;
  EXPECT_EQ(run_env.out, "0002_region_for_data_residency\n");
}

// ---- model errors ---------------------------------------------------------------------------

TEST_F(StrataGenCli, ModelErrorsLocatedAndNothingWritten) {
  project.set_models(model(kName + kLocale + "  std::uint32_t logins;\n" + "  std::int64_t* owner;\n"));
  const auto before = project.state();
  for (const char* command : {"generate", "check", "diff"}) {
    const CliResult failed = project.gen(command);
    EXPECT_EQ(failed.status, 1) << command;
    EXPECT_EQ(failed.out, "") << command;
    // Both errors of the run, each located like a compiler's (lines 11 and 12 of the header).
    const std::string file = project.models().string();
    EXPECT_NE(failed.err.find(file + ":11:17: error: member 'logins'"), std::string::npos) << failed.err;
    EXPECT_NE(failed.err.find(file + ":12:"), std::string::npos) << failed.err;
    EXPECT_EQ(project.state(), before) << command;
  }
  EXPECT_EQ(run({"--models", project.models().string(), "inspect"}).status, 1);
}

// ---- strata.sum -----------------------------------------------------------------------------

TEST_F(StrataGenCli, HandEditReportedBeforeDiffThenHashAccepts) {
  const fs::path up = project.migrations() / "0001_initial.up.sql";
  write_file(up, read_file(up) + "\nUPDATE \"public\".\"accounts\" SET \"locale\" = 'en';\n");
  project.set_models(model(kName + kLocale + kRegion));  // a pending change that must not be diffed
  const auto before = project.state();

  for (const char* command : {"generate", "check", "diff"}) {
    const CliResult refused = project.gen(command);
    EXPECT_EQ(refused.status, 1) << command;
    EXPECT_EQ(refused.out, "") << command << ": nothing diffed";
    EXPECT_EQ(refused.err.rfind(up.string() + ": edited\n", 0), 0u) << refused.err;
    EXPECT_NE(refused.err.find("strata-gen hash"), std::string::npos) << refused.err;
    EXPECT_EQ(project.state(), before) << command;
  }

  const CliResult hash = run({"--migrations", project.migrations().string(), "--generated", project.generated().string(), "hash"});
  EXPECT_EQ(hash.status, 0) << hash.err;
  EXPECT_EQ(hash.out, "accepted 0001_initial.up.sql: edited\n");
  EXPECT_TRUE(verify_sum(project.migrations()).empty());

  const CliResult generate = project.gen("generate");
  EXPECT_EQ(generate.status, 0) << generate.err;
  EXPECT_EQ(generate.out, "0002_add_column_accounts_region\n");
}

// The directory loads while libclang parses the models (session 21); its problems still come
// first and alone, as when the two ran one after the other: no model diagnostic is printed for a
// run that starts from an edited directory.
TEST_F(StrataGenCli, HandEditReportedAloneWhenTheModelsHaveErrorsToo) {
  const fs::path up = project.migrations() / "0001_initial.up.sql";
  write_file(up, read_file(up) + "\n-- reviewed\n");
  project.set_models(model(kName + kLocale + "  std::uint32_t logins;\n"));
  for (const char* command : {"generate", "check", "diff"}) {
    const CliResult refused = project.gen(command);
    EXPECT_EQ(refused.status, 1) << command;
    EXPECT_EQ(refused.err.rfind(up.string() + ": edited\n", 0), 0u) << refused.err;
    EXPECT_EQ(refused.err.find("error: member 'logins'"), std::string::npos) << refused.err;
  }
}

TEST_F(StrataGenCli, RemovedRevisionFileReported) {
  fs::remove(project.migrations() / "0001_initial.down.sql");
  const CliResult refused = project.gen("generate");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find((project.migrations() / "0001_initial.down.sql").string() + ": removed"), std::string::npos)
      << refused.err;
}

// ---- hostile input --------------------------------------------------------------------------

// A snapshot edited by hand, its hash fixed up in the head .cpp so strata.sum-style checks pass:
// a foreign key to a table that does not exist is no snapshot a model could produce. `hash`
// refuses to accept it, naming the file and the problem, so `generate` never builds on it.
TEST_F(StrataGenCli, ForgedSnapshotRefusedNamingTheFileAndTheProblem) {
  const fs::path snapshot = project.migrations() / "snapshot.json";
  const fs::path head = project.migrations() / "0001_initial.cpp";
  const std::string original = read_file(snapshot);
  const std::string needle = "\"ref_table\": \"accounts\"";
  ASSERT_NE(original.find(needle), std::string::npos) << original;
  std::string forged = original;
  forged.replace(forged.find(needle), needle.size(), "\"ref_table\": \"ghosts\"");
  std::string head_source = read_file(head);
  ASSERT_NE(head_source.find(sha256_hex(original)), std::string::npos);
  head_source.replace(head_source.find(sha256_hex(original)), 64, sha256_hex(forged));
  write_file(snapshot, forged);
  write_file(head, head_source);
  const auto before = project.state();

  const std::string expected = "strata-gen: error: " + snapshot.string() +
                               ": invalid snapshot: foreign key 'fk_projects_account_id_accounts' references table "
                               "'public.ghosts', which does not exist\n";
  const CliResult hash = run({"--migrations", project.migrations().string(), "--generated", project.generated().string(), "hash"});
  EXPECT_EQ(hash.status, 1);
  EXPECT_EQ(hash.err, expected);
  project.set_models(model(kName + kLocale + kRegion));
  const CliResult generate = project.gen("generate");
  EXPECT_EQ(generate.status, 1);
  EXPECT_EQ(generate.out, "");
  EXPECT_EQ(project.state(), before);
}

// Generated names over 63 bytes are shortened at a character boundary: with 2-, 3- and 4-byte
// characters around byte 54, generate writes a revision (once it failed in the JSON library).
TEST_F(StrataGenCli, LongNonAsciiNamesAreShortenedAtACharacterBoundary) {
  const std::string tables = kProjectsTable + R"cpp(
struct STRATA_TABLE("tabelle_für_größenänderungen_der_konten") Sizes {
  STRATA_PK std::int64_t id;
  STRATA_INDEXED STRATA_COLUMN("a_ééééééééé") std::int64_t two_byte;
  STRATA_INDEXED STRATA_COLUMN("日本語の列名前") std::int64_t three_byte;
  STRATA_INDEXED STRATA_COLUMN("emoji_🙂🙂🙂🙂") std::int64_t four_byte;
};
)cpp";
  project.set_models(model(kName + kLocale, tables));
  const CliResult generate = project.gen("generate");
  ASSERT_EQ(generate.status, 0) << generate.err;
  const std::string up = read_file(project.migrations() / (generate.out.substr(0, generate.out.size() - 1) + ".up.sql"));
  EXPECT_NE(up.find("CREATE INDEX \"ix_tabelle_für_größenänderungen_der_konten_a_éé_"), std::string::npos) << up;
  EXPECT_NE(up.find("CREATE INDEX \"ix_tabelle_für_größenänderungen_der_konten_日本_"), std::string::npos) << up;
  EXPECT_NE(up.find("CREATE INDEX \"ix_tabelle_für_größenänderungen_der_konten_emoji__"), std::string::npos) << up;
  EXPECT_EQ(project.gen("check").status, 0);
}

// ---- two heads ------------------------------------------------------------------------------

TEST_F(StrataGenCli, TwoHeadsRefused) {
  project.set_models(model(kName + kLocale + kRegion));
  ASSERT_EQ(project.gen("generate").status, 0);
  // A second child of 0001_initial, made by hand (as a merge of two branches would), with
  // strata.sum rewritten so that only the heads are wrong.
  const fs::path dir = project.migrations();
  const std::string a = "0002_add_column_accounts_region", b = "0003_other_branch";
  for (const char* suffix : {".cpp", ".up.sql", ".down.sql"}) {
    std::string text = read_file(dir / (a + suffix));
    for (std::size_t at = text.find(a); at != std::string::npos; at = text.find(a, at + b.size()))
      text.replace(at, a.size(), b);
    write_file(dir / (b + suffix), text);
  }
  write_file(dir / std::string(kSumFileName), render_sum(hash_migration_files(dir)));
  ASSERT_TRUE(verify_sum(dir).empty());
  const auto before = project.state();

  for (const char* command : {"generate", "check", "diff"}) {
    const CliResult refused = project.gen(command);
    EXPECT_EQ(refused.status, 1) << command;
    EXPECT_NE(refused.err.find("several heads"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find(a), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find(b), std::string::npos) << refused.err;
    EXPECT_EQ(project.state(), before) << command;
  }
}

// ---- generate --amend -----------------------------------------------------------------------

const std::string kPhone = "  std::optional<std::string> phone;\n";

// `git ARGS...` in `dir`, without a shell; its exit status.
int git(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string(), "-c", "user.name=strata test", "-c", "user.email=t@example.com"});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execvp("git", argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

TEST_F(StrataGenCli, AmendRegeneratesTheFirstRevisionFromBase) {
  project.set_models(model(kName + kLocale + kRegion));
  const CliResult amended = project.gen("generate", {"--amend"});
  ASSERT_EQ(amended.status, 0) << amended.err;
  EXPECT_EQ(amended.out, "0001_initial\n");
  EXPECT_EQ(amended.err, "strata-gen: amended 0001_initial: 2 create table, 1 create index\n");
  EXPECT_EQ(revision_ids(project.migrations()), std::vector<std::string>{"0001_initial"});
  EXPECT_NE(read_file(project.migrations() / "0001_initial.up.sql").find("\"region\" text"), std::string::npos);
  EXPECT_EQ(project.gen("check").status, 0);
}

TEST_F(StrataGenCli, AmendRegeneratesTheHeadFromItsParentsCommittedSnapshot) {
  ASSERT_EQ(git(project.root(), {"init", "-q"}), 0);
  ASSERT_EQ(git(project.root(), {"add", "-A"}), 0);
  ASSERT_EQ(git(project.root(), {"commit", "-q", "-m", "initial"}), 0);
  project.set_models(model(kName + kLocale + kRegion));
  ASSERT_EQ(project.gen("generate").out, "0002_add_column_accounts_region\n");
  project.set_models(model(kName + kLocale + kRegion + kPhone));

  const CliResult amended = project.gen("generate", {"--amend", "-m", "region and phone"});
  ASSERT_EQ(amended.status, 0) << amended.err;
  EXPECT_EQ(amended.out, "0002_region_and_phone\n");
  EXPECT_EQ(amended.err, "strata-gen: amended 0002_add_column_accounts_region (now 0002_region_and_phone): 2 add column\n");
  EXPECT_EQ(revision_ids(project.migrations()), (std::vector<std::string>{"0001_initial", "0002_region_and_phone"}));
  const std::string up = read_file(project.migrations() / "0002_region_and_phone.up.sql");
  EXPECT_NE(up.find("-- Parent: 0001_initial\n"), std::string::npos) << up;
  EXPECT_NE(up.find("ADD COLUMN \"region\""), std::string::npos) << up;
  EXPECT_NE(up.find("ADD COLUMN \"phone\""), std::string::npos) << up;
  EXPECT_TRUE(verify_sum(project.migrations()).empty());
  EXPECT_EQ(project.gen("check").status, 0);

  // Committed too: the parent's snapshot comes from git's history.
  ASSERT_EQ(git(project.root(), {"add", "-A"}), 0);
  ASSERT_EQ(git(project.root(), {"commit", "-q", "-m", "region"}), 0);
  project.set_models(model(kName + kLocale + kPhone));
  const CliResult again = project.gen("generate", {"--amend"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out, "0002_add_column_accounts_phone\n");
  EXPECT_EQ(project.gen("check").status, 0);
}

TEST_F(StrataGenCli, AmendWithoutTheParentsSnapshotIsRefused) {
  project.set_models(model(kName + kLocale + kRegion));
  ASSERT_EQ(project.gen("generate").status, 0);
  project.set_models(model(kName + kLocale + kRegion + kPhone));
  const auto before = project.state();
  const CliResult refused = project.gen("generate", {"--amend"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("is neither snapshot.json nor a version of it in git"), std::string::npos) << refused.err;
  EXPECT_EQ(project.state(), before);
}

TEST_F(StrataGenCli, AmendOfAHeadEditedByHandIsRefusedUnlessForced) {
  project.set_models(model(kName + kLocale + kRegion));
  const fs::path up = project.migrations() / "0001_initial.up.sql";
  write_file(up, read_file(up) + "INSERT INTO \"public\".\"accounts\" (\"name\") VALUES ('Zoë');\n");
  ASSERT_EQ(project.gen("hash").status, 0);
  auto before = project.state();
  CliResult refused = project.gen("generate", {"--amend"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("0001_initial was edited by hand (its SQL or hooks differ from what strata-gen wrote); "
                             "regenerating it would discard the edit: pass --force"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(project.state(), before);

  // A hook in the .cpp counts as an edit too; an unrecorded edit is accepted by --force alone.
  const fs::path source = project.migrations() / "0001_initial.cpp";
  std::string text = read_file(source);
  text.replace(text.find("    .after_upgrade = nullptr,"), 29, "    .after_upgrade = &seed,");
  write_file(source, text);
  EXPECT_EQ(project.gen("generate", {"--amend"}).status, 1);
  const CliResult forced = project.gen("generate", {"--amend", "--force"});
  ASSERT_EQ(forced.status, 0) << forced.err;
  EXPECT_NE(forced.err.find("warning: discarding the hand edits of 0001_initial (--force)"), std::string::npos);
  EXPECT_EQ(read_file(up).find("Zoë"), std::string::npos);
  EXPECT_NE(read_file(source).find(".after_upgrade = nullptr,"), std::string::npos);
  EXPECT_EQ(project.gen("check").status, 0);
}

// ---- squash ---------------------------------------------------------------------------------

// 0001_initial, 0002 (region), 0003_seed (hand-written SQL), 0004 (phone).
class StrataGenSquash : public StrataGenCli {
 protected:
  void SetUp() override {
    StrataGenCli::SetUp();
    project.set_models(model(kName + kLocale + kRegion));
    ASSERT_EQ(project.gen("generate").out, "0002_add_column_accounts_region\n");
    ASSERT_EQ(project.gen("revision", {"-m", "seed"}).out, "0003_seed\n");
    const fs::path up = project.migrations() / "0003_seed.up.sql";
    write_file(up, read_file(up) + "INSERT INTO \"public\".\"accounts\" (\"name\", \"region\") VALUES ('Zoë', 'eu');\n");
    ASSERT_EQ(project.gen("hash").status, 0);
    project.set_models(model(kName + kLocale + kRegion + kPhone));
    ASSERT_EQ(project.gen("generate").out, "0004_add_column_accounts_phone\n");
  }

  void add_hook(const std::string& id, const std::string& hook) {
    const fs::path source = project.migrations() / (id + ".cpp");
    std::string text = read_file(source);
    const std::string line = "    ." + hook + " = nullptr,";
    text.replace(text.find(line), line.size(), "    ." + hook + " = &my_hook,");
    write_file(source, text);
    ASSERT_EQ(project.gen("hash").status, 0);
  }
};

TEST_F(StrataGenSquash, RangeBecomesOneBaselineKeepingTheLastIdAndTheHandWrittenSql) {
  const std::string after_source = read_file(project.migrations() / "0004_add_column_accounts_phone.cpp");
  const CliResult squashed = project.gen("squash", {"--upto", "0003"});
  ASSERT_EQ(squashed.status, 0) << squashed.err;
  EXPECT_EQ(squashed.out, "0003_seed\n");
  EXPECT_EQ(squashed.err,
            "strata-gen: squashed 3 revisions (0001_initial .. 0003_seed) into baseline 0003_seed; a database inside "
            "that range must first be upgraded to 0003_seed by a migrator built before the squash\n");
  EXPECT_EQ(revision_ids(project.migrations()),
            (std::vector<std::string>{"0003_seed", "0004_add_column_accounts_phone"}));
  const MigrationSet set = load_migration_set(project.migrations());
  EXPECT_EQ(set.revisions[0].parent, "");
  EXPECT_EQ(set.revisions[0].replaces, "0001_initial 0002_add_column_accounts_region 0003_seed");
  EXPECT_EQ(read_file(project.migrations() / "0004_add_column_accounts_phone.cpp"), after_source);
  const std::string up = read_file(project.migrations() / "0003_seed.up.sql");
  const std::size_t first = up.find("-- squashed from 0001_initial\n"),
                    second = up.find("-- squashed from 0002_add_column_accounts_region\n"),
                    third = up.find("-- squashed from 0003_seed\n");
  EXPECT_TRUE(first < second && second < third && third != std::string::npos) << up;
  EXPECT_NE(up.find("-- Parent: none (first revision)\n"), std::string::npos) << up;
  EXPECT_NE(up.find("CREATE TABLE \"public\".\"accounts\""), std::string::npos) << up;
  EXPECT_NE(up.find("VALUES ('Zoë', 'eu');"), std::string::npos) << up;
  const std::string down = read_file(project.migrations() / "0003_seed.down.sql");
  EXPECT_LT(down.find("-- squashed from 0002_add_column_accounts_region\n"), down.find("-- squashed from 0001_initial\n"));
  EXPECT_TRUE(verify_sum(project.migrations()).empty());
  EXPECT_EQ(project.gen("check").status, 0);
  EXPECT_EQ(project.gen("generate").out, "no changes\n");
  // Once more, on top of the baseline: the new one stands for every id.
  ASSERT_EQ(project.gen("squash", {"--upto", "0004"}).status, 0);
  EXPECT_EQ(load_migration_set(project.migrations()).revisions.at(0).replaces,
            "0001_initial 0002_add_column_accounts_region 0003_seed 0004_add_column_accounts_phone");
}

TEST_F(StrataGenSquash, AHookThatWouldMoveIsRefusedAndOneThatStaysIsKept) {
  add_hook("0002_add_column_accounts_region", "before_upgrade");
  auto before = project.state();
  CliResult refused = project.gen("squash", {"--upto", "0003_seed"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("0002_add_column_accounts_region.cpp: its before_upgrade hook cannot be squashed: the "
                             "baseline runs the range's SQL as one revision"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("squash up to the revision before 0002_add_column_accounts_region"), std::string::npos);
  EXPECT_EQ(project.state(), before);

  // The last revision's after_upgrade hook still runs after all the SQL: kept.
  const fs::path source = project.migrations() / "0002_add_column_accounts_region.cpp";
  std::string text = read_file(source);
  text.replace(text.find("&my_hook"), 8, "nullptr");
  write_file(source, text);
  add_hook("0002_add_column_accounts_region", "after_upgrade");
  const CliResult squashed = project.gen("squash", {"--upto", "0002"});
  ASSERT_EQ(squashed.status, 0) << squashed.err;
  EXPECT_NE(read_file(source).find("    .after_upgrade = &my_hook,\n"), std::string::npos);
}

TEST_F(StrataGenSquash, NothingOrAnUnknownRevisionToSquashIsRefused) {
  const auto before = project.state();
  EXPECT_EQ(project.gen("squash", {"--upto", "0001"}).status, 1);
  EXPECT_NE(project.gen("squash", {"--upto", "0001"}).err.find("is the first revision: nothing to squash"),
            std::string::npos);
  EXPECT_NE(project.gen("squash", {"--upto", "0009"}).err.find("--upto 0009: no revision"), std::string::npos);
  EXPECT_EQ(project.gen("squash").status, 2);
  EXPECT_EQ(project.state(), before);
}

// ---- merge ----------------------------------------------------------------------------------

const std::string kPlannedProjects = R"cpp(
struct STRATA_TABLE("projects") Project {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  STRATA_FK("accounts.id") STRATA_INDEXED std::int64_t account_id;
  std::string title;
  std::optional<std::string> plan;
};
)cpp";
const std::string kLabels = R"cpp(
struct STRATA_TABLE("labels") Label {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::string text;
};
)cpp";

// Three branches on 0001_initial, each generated from its own models at its own time, then put
// together as version control merges them: every branch's revision files side by side, and a
// snapshot.json holding the merged models (git merges its lines).
class StrataGenMerge : public StrataGenCli {
 protected:
  void SetUp() override {
    StrataGenCli::SetUp();
    base_ = tree(project.migrations());
    plan_ = branch(model(kName + kLocale, kPlannedProjects), "1000", [&] {
      ASSERT_EQ(project.gen("revision", {"-m", "backfill plan"}).out, "0003_backfill_plan\n");
      const fs::path up = project.migrations() / "0003_backfill_plan.up.sql";
      write_file(up, read_file(up) + "UPDATE \"public\".\"projects\" SET \"plan\" = 'free';\n");
      const fs::path source = project.migrations() / "0003_backfill_plan.cpp";
      std::string text = read_file(source);
      text.replace(text.find("    .after_upgrade = nullptr,"), 29, "    .after_upgrade = &backfill_plan,");
      write_file(source, text);
      ASSERT_EQ(project.gen("hash").status, 0);
    });
    labels_ = branch(model(kName + kLocale, kProjectsTable + kLabels), "2000");
    region_ = branch(model(kName + kLocale + kRegion), "3000");
    merged_models_ = model(kName + kLocale + kRegion, kPlannedProjects + kLabels);
  }

  std::map<std::string, std::string> branch(const std::string& models, const char* epoch,
                                            const std::function<void()>& more = {}) {
    restore(base_);
    {
      const EnvOverride created_at("SOURCE_DATE_EPOCH", epoch);
      project.set_models(models);
      EXPECT_EQ(project.gen("generate").status, 0);
      if (more) more();
    }
    return tree(project.migrations());
  }

  void restore(const std::map<std::string, std::string>& files) {
    fs::remove_all(project.migrations());
    for (const auto& [name, content] : files) write_file(project.migrations() / name, content);
  }

  // The three branches merged by version control; `snapshot_models` gives snapshot.json.
  void merge_by_version_control(const std::string& snapshot_models) {
    std::map<std::string, std::string> files = region_;
    files.insert(labels_.begin(), labels_.end());
    files.insert(plan_.begin(), plan_.end());
    project.set_models(snapshot_models);
    files["snapshot.json"] = project.gen("inspect").out;
    restore(files);
    project.set_models(merged_models_);
  }

  std::map<std::string, std::string> base_, plan_, labels_, region_;
  std::string merged_models_;
};

TEST_F(StrataGenMerge, ThreeHeadsBecomeOneChainKeepingTheBranchCreatedFirst) {
  merge_by_version_control(merged_models_);
  const std::vector<std::string> heads_before = revision_ids(project.migrations());
  ASSERT_EQ(heads_before.size(), 5u);
  const std::string labels_id = heads_before[3];  // in name order: 0001, 0002 region, 0002 plan, 0002 labels, 0003
  ASSERT_TRUE(labels_id.starts_with("0002_") && labels_id.find("labels") != std::string::npos) << labels_id;
  EXPECT_NE(project.gen("generate").err.find("merge them with `strata-gen merge`"), std::string::npos);
  const std::string old_plan_source = plan_.at("0003_backfill_plan.cpp");

  const CliResult merged = project.gen("merge");
  ASSERT_EQ(merged.status, 0) << merged.err;
  const std::string labels_new = "0004" + labels_id.substr(4);
  EXPECT_EQ(merged.out, "0005_add_column_accounts_region\n");
  EXPECT_EQ(merged.err, "strata-gen: merged: kept the branch of 0002_add_column_projects_plan (created first); " +
                            labels_id + " -> " + labels_new +
                            "; 0002_add_column_accounts_region -> 0005_add_column_accounts_region; head "
                            "0005_add_column_accounts_region\n");
  const MigrationSet set = load_migration_set(project.migrations());
  std::vector<std::string> chain;
  for (const RevisionOnDisk& revision : set.revisions) chain.push_back(revision.id + "<" + revision.parent);
  EXPECT_EQ(chain, (std::vector<std::string>{"0001_initial<", "0002_add_column_projects_plan<0001_initial",
                                             "0003_backfill_plan<0002_add_column_projects_plan",
                                             labels_new + "<0003_backfill_plan",
                                             "0005_add_column_accounts_region<" + labels_new}));
  EXPECT_EQ(set.revisions[3].replaces, labels_id);
  EXPECT_EQ(set.revisions[4].replaces, "0002_add_column_accounts_region");
  EXPECT_EQ(set.revisions[2].replaces, "");
  // The kept branch is untouched (its hand-written SQL and hook included); the others keep their SQL.
  EXPECT_EQ(read_file(project.migrations() / "0003_backfill_plan.cpp"), old_plan_source);
  EXPECT_EQ(read_file(project.migrations() / "0003_backfill_plan.up.sql"), plan_.at("0003_backfill_plan.up.sql"));
  const std::string region_up = read_file(project.migrations() / "0005_add_column_accounts_region.up.sql");
  const std::string old_region_up = region_.at("0002_add_column_accounts_region.up.sql");
  EXPECT_EQ(region_up.substr(region_up.find("\n\n")), old_region_up.substr(old_region_up.find("\n\n")));
  EXPECT_NE(region_up.find("-- Revision 0005_add_column_accounts_region: upgrade\n-- Parent: " + labels_new + "\n"),
            std::string::npos)
      << region_up;
  const std::string region_source = read_file(project.migrations() / "0005_add_column_accounts_region.cpp");
  EXPECT_NE(region_source.find("namespace strata::revisions::r0005_add_column_accounts_region {"), std::string::npos);
  EXPECT_NE(region_source.find("    .after_downgrade = nullptr,\n    .replaces = \"0002_add_column_accounts_region\",\n"),
            std::string::npos)
      << region_source;
  EXPECT_TRUE(verify_sum(project.migrations()).empty());
  EXPECT_NE(read_file(project.generated() / "registry.cpp").find(labels_new), std::string::npos);
  // The merged models are the merged snapshot: nothing left to generate.
  EXPECT_EQ(project.gen("check").status, 0);
  EXPECT_EQ(project.gen("generate").out, "no changes\n");
  const CliResult again = project.gen("merge");
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("nothing to merge"), std::string::npos) << again.err;
}

TEST_F(StrataGenMerge, ModelsThatStillDifferAreNamed) {
  merge_by_version_control(merged_models_);
  project.set_models(model(kName, kPlannedProjects + kLabels));  // also drops locale and region
  const CliResult merged = project.gen("merge");
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_NE(merged.err.find("strata-gen: the models still differ from the merged snapshot (2 drop column); the next "
                            "generate writes a revision for that\n"),
            std::string::npos)
      << merged.err;
}

TEST_F(StrataGenMerge, OneBranchsSnapshotOrAConflictedOneIsRefusedAndNothingChanges) {
  merge_by_version_control(model(kName + kLocale + kRegion));  // the region branch's side taken
  auto before = project.state();
  CliResult refused = project.gen("merge");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("snapshot.json: the snapshot of 0002_add_column_accounts_region alone; the changes of"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(project.state(), before);

  const fs::path snapshot = project.migrations() / "snapshot.json";
  write_file(snapshot, "<<<<<<< HEAD\n" + read_file(snapshot) + "=======\n{}\n>>>>>>> region\n");
  before = project.state();
  refused = project.gen("merge");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("resolve its conflicts by keeping both sides"), std::string::npos) << refused.err;
  EXPECT_EQ(project.state(), before);
}

// merge rewrites strata.sum: a revision file edited after strata.sum recorded it is refused
// (nothing changed), naming the way out; restored, the merge goes on.
TEST_F(StrataGenMerge, AFileEditedSinceStrataSumRecordedItIsRefused) {
  merge_by_version_control(merged_models_);
  const fs::path up = project.migrations() / "0002_add_column_accounts_region.up.sql";
  const std::string recorded = read_file(up);
  write_file(up, recorded + "DELETE FROM \"public\".\"accounts\";\n");
  const auto before = project.state();
  const CliResult refused = project.gen("merge");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find(up.string() + ": edited since strata.sum recorded it; restore the recorded version, "
                                           "merge, then make the edit again and accept it with strata-gen hash"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(project.state(), before);
  write_file(up, recorded);
  EXPECT_EQ(project.gen("merge").status, 0);
}

// ---- usage ----------------------------------------------------------------------------------

TEST(StrataGenUsage, UsageErrorsExitTwo) {
  const TempDir dir;
  const std::string migrations = (dir.path() / "migrations").string(), generated = (dir.path() / "generated").string();
  const std::string models = (dir.path() / "app.hpp").string();
  const std::vector<std::vector<std::string>> bad = {
      {},                                                                               // no command
      {"frobnicate"},                                                                   // unknown command
      {"--migrations", migrations, "--generated", generated, "--models", models, "generate", "--bogus"},
      {"--generated", generated, "--models", models, "generate"},                       // no --migrations
      {"--migrations", migrations, "--models", models, "check"},                        // no --generated
      {"--migrations", migrations, "--generated", generated, "generate"},               // no --models
      {"--models", models, "inspect", "--format", "xml"},                               // bad format
      {"--migrations", migrations, "--generated", generated, "--models", models, "generate", "-m"},  // -m needs a value
      {"--migrations", migrations, "--generated", generated, "--models", models, "generate", "check"},
  };
  for (const auto& args : bad) {
    const CliResult usage = run(args);
    std::string joined;
    for (const std::string& arg : args) joined += arg + " ";
    EXPECT_EQ(usage.status, 2) << joined << "\n" << usage.err;
    EXPECT_FALSE(usage.err.empty()) << joined;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "migrations"));
  EXPECT_FALSE(fs::exists(dir.path() / "generated"));

  const CliResult help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("generate"), std::string::npos);
}

// ---- issue 2 acceptance: inspect --format json of models/ -----------------------------------

std::vector<std::string> automl_models() {
  std::vector<std::string> headers;
  std::string list = STRATA_AUTOML_MODELS;
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t end = std::min(list.find('|', start), list.size());
    if (end > start) headers.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return headers;
}

TEST(StrataGenInspect, AutomlModelsJsonMatchesGolden) {
  std::vector<std::string> args;
  const std::vector<std::string> headers = automl_models();
  ASSERT_GE(headers.size(), 10u);
  for (const std::string& header : headers) args.insert(args.end(), {"--models", header});
  args.insert(args.end(), {"inspect", "--format", "json"});
  const CliResult inspect = run(args);
  ASSERT_EQ(inspect.status, 0) << inspect.err;
  const nlohmann::json graph = nlohmann::json::parse(inspect.out);
  ASSERT_EQ(graph.at("schemas").size(), 2u);
  expect_matches_golden("models_inspect/expected.json", inspect.out);
}

// ---- issue 3 acceptance: a killed generate leaves migrations/ untouched ---------------------

// A synthetic model of `tables` tables (after bench/synth_models.py): FKs to earlier tables,
// indexes, uniques, enums, two schemas; enough to make a revision of several hundred statements.
std::string synthetic_model(int tables) {
  std::string out = R"cpp(#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <optional>
#include <string>
#include <strata/annotate.hpp>

enum class STRATA_ENUM("item_state") ItemState { draft, active, archived };
enum class STRATA_ENUM("event_level") STRATA_SCHEMA("audit") EventLevel { info, warn, error };
)cpp";
  for (int i = 0; i < tables; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "t%04d", i);
    const bool audit = i % 4 == 3;
    const std::string schema = audit ? "audit" : "public";
    out += "\nstruct STRATA_TABLE(\"" + std::string(name) + "\") STRATA_SCHEMA(\"" + schema + "\") STRATA_INDEX(\"ix_" +
           name + "_owner_created\", \"owner_id, created_at\") T" + name + " {\n";
    out += "  STRATA_PK STRATA_IDENTITY std::int64_t id;\n";
    out += "  STRATA_LENGTH(120) STRATA_UNIQUE std::string code;\n";
    out += "  STRATA_COMMENT(\"Title shown in lists\") std::string title;\n";
    out += "  std::int64_t owner_id;\n";
    out += "  std::optional<double> score;\n";
    out += "  STRATA_DEFAULT(\"true\") bool enabled;\n";
    out += "  STRATA_DEFAULT(\"now()\") std::chrono::system_clock::time_point created_at;\n";
    out += audit ? "  EventLevel level;\n" : "  ItemState state;\n";
    if (i > 0) {
      const int parent = (i * 7) % i;
      char parent_name[16];
      std::snprintf(parent_name, sizeof parent_name, "t%04d", parent);
      out += "  STRATA_FK(\"" + std::string(parent % 4 == 3 ? "audit" : "public") + "." + parent_name +
             ".id\") STRATA_ON_DELETE(\"cascade\") STRATA_INDEXED std::optional<std::int64_t> parent_id;\n";
    }
    out += "};\n";
  }
  return out;
}

// Starts the real strata-gen (fork + execv, no shell) with its standard output discarded and its
// standard error in `err_file`, or discarded too when none is given; returns its pid.
pid_t start_strata_gen(const std::vector<std::string>& args, const fs::path& err_file = {}) {
  std::string exe = STRATA_GEN_EXE;
  std::vector<std::string> copies = args;
  std::vector<char*> argv = {exe.data()};
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(err_file.empty() ? devnull : ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  EXPECT_GT(child, 0);
  return child;
}

// Runs the real strata-gen and kills it with SIGKILL after `delay`; returns the wait status.
int run_and_kill(const std::vector<std::string>& args, std::chrono::microseconds delay) {
  const pid_t child = start_strata_gen(args);
  std::this_thread::sleep_for(delay);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

// Runs the real strata-gen to its end (its standard error in `err_file`, when given); returns its
// exit status (-1 when it did not exit).
int run_to_end(const std::vector<std::string>& args, const fs::path& err_file = {}) {
  int status = 0;
  ::waitpid(start_strata_gen(args, err_file), &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// ---- import: strata-gen hands it to strata-import, built beside it --------------------------

TEST(StrataGenImport, RunsStrataImportWithTheRequestAndItsExitStatus) {
  const TempDir dir;
  const fs::path err = dir.path() / "err.txt";
  // --url-env is strata-gen's global option: the variable it names reaches strata-import.
  const EnvOverride url("STRATA_TEST_IMPORT_URL", "postgresql://importer:s3cr%65t-pw@127.0.0.1:1/shop");
  const int status = run_to_end({"--url-env", "STRATA_TEST_IMPORT_URL", "import", "--schemas", "public,audit",
                                          "--out", (dir.path() / "models").string()},
                                         err);
  const std::string said = read_file(err);
  EXPECT_EQ(status, 3) << said;  // cannot connect, as strata-import says
  EXPECT_NE(said.find("strata-import: error: cannot connect to host=127.0.0.1 port=1 dbname=shop user=importer"),
            std::string::npos)
      << said;
  EXPECT_EQ(said.find("s3cr"), std::string::npos) << said;
  EXPECT_FALSE(fs::exists(dir.path() / "models"));
}

TEST(StrataGenImport, UsageErrorsAreStrataGensOwnBeforeAnythingRuns) {
  const TempDir dir;
  const fs::path err = dir.path() / "err.txt";
  EXPECT_EQ(run_to_end({"import", "--url", "postgresql://x@127.0.0.1:1/y"}, err), 2);
  EXPECT_NE(read_file(err).find("--out"), std::string::npos) << read_file(err);
}

TEST(StrataGenFault, KilledGenerateLeavesMigrationsUntouchedOrComplete) {
  const EnvOverride created_at("SOURCE_DATE_EPOCH", "1714564800");  // the killed runs and the complete one agree byte for byte
  const TempDir dir;
  const fs::path small = dir.path() / "small" / "app.hpp", big = dir.path() / "big" / "app.hpp";
  write_file(small, synthetic_model(3));
  write_file(big, synthetic_model(300));
  const fs::path baseline = dir.path() / "baseline";
  {
    const CliResult initial = run({"--migrations", (baseline / "migrations").string(), "--generated",
                             (baseline / "generated").string(), "--models", small.string(), "generate"});
    ASSERT_EQ(initial.status, 0) << initial.err;
  }
  const std::map<std::string, std::string> before = tree(baseline / "migrations");

  const auto args_for = [&](const fs::path& root) {
    return std::vector<std::string>{"--migrations", (root / "migrations").string(), "--generated",
                                    (root / "generated").string(), "--models", big.string(), "generate"};
  };

  // How long a whole run of the executable takes, so that the kills spread over it (the scan
  // first, then the write); a run killed at once warms the page cache first.
  const fs::path timed = dir.path() / "timed";
  fs::copy(baseline, timed, fs::copy_options::recursive);
  run_and_kill(args_for(timed), std::chrono::microseconds(0));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(run_to_end(args_for(timed)), 0);
  const auto total = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  const std::map<std::string, std::string> after_complete = tree(timed / "migrations");
  ASSERT_EQ(after_complete.size(), before.size() + 3);

  std::vector<std::chrono::microseconds> delays = {std::chrono::milliseconds(5), std::chrono::milliseconds(20),
                                                   std::chrono::milliseconds(50)};
  for (const int percent : {40, 60, 75, 85, 92, 100, 110})
    delays.push_back(total * percent / 100);

  int untouched = 0, complete_runs = 0;
  for (std::size_t k = 0; k < delays.size(); ++k) {
    const fs::path root = dir.path() / ("kill" + std::to_string(k));
    fs::copy(baseline, root, fs::copy_options::recursive);
    run_and_kill(args_for(root), delays[k]);
    const std::map<std::string, std::string> now = tree(root / "migrations");
    SCOPED_TRACE("killed after " + std::to_string(delays[k].count()) + " us");
    if (now == before) {
      ++untouched;
    } else {
      // Never partial: exactly the complete run's files (the revision, snapshot.json, strata.sum).
      EXPECT_EQ(now, after_complete);
      EXPECT_TRUE(verify_sum(root / "migrations").empty());
      EXPECT_EQ(load_migration_set(root / "migrations").revisions.size(), 2u);
      ++complete_runs;
    }
    // The next run completes (and removes what the killed one left beside migrations/).
    const CliResult next = run(args_for(root));
    ASSERT_EQ(next.status, 0) << next.err;
    EXPECT_EQ(revision_ids(root / "migrations").size(), 2u);
    EXPECT_TRUE(verify_sum(root / "migrations").empty());
    for (const fs::directory_entry& entry : fs::directory_iterator(root))
      EXPECT_EQ(entry.path().filename().string().find(".strata-staging"), std::string::npos) << entry.path();
    if (k + 1 == delays.size()) {
      EXPECT_EQ(run(args_for(root)).out, "no changes\n");
    }
    fs::remove_all(root);
  }
  std::cout << "[  FAULT   ] " << delays.size() << " kills over a " << total.count() / 1000 << " ms run: " << untouched
            << " left migrations/ untouched, " << complete_runs << " after the swap\n";
  EXPECT_GT(untouched, 0);
}

}  // namespace
}  // namespace strata

// The build-time proof (prove_revisions(), `migrator verify`) on real PostgreSQL: a set that is
// right passes; a down that forgets a column, an up that adds an index the models do not have and
// a hook that throws each fail naming the difference; the cache skips what was proven; without a
// server a throwaway cluster is started, or the one whose data dir the build tree keeps.
#include "runner/revision_proof.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <stdexcept>
#include <string>

#include "core/snapshot.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/runner/test_registries.hpp"
#include "tests/support/env_override.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

using test::PgCluster;
using test::RegistryBuilder;

// No server listens here: a run that needs a database fails.
constexpr const char* kNoServer = "host=127.0.0.1 port=1 connect_timeout=2";

// public.t (id bigint, pk_t) after 0001; `with_note` adds note text (nullable) at 0002.
std::string t_snapshot(bool with_note, bool with_index = false) {
  ModelGraph graph;
  Table t;
  t.name = "t";
  t.columns = {Column{"id", "bigint", false, std::nullopt, false, std::nullopt}};
  if (with_note) t.columns.push_back(Column{"note", "text", true, std::nullopt, false, std::nullopt});
  t.primary_key = PrimaryKey{"pk_t", {"id"}};
  if (with_index) t.indexes = {Index{"ix_t_note", {"note"}, false}};
  graph.schema("public").tables.push_back(t);
  return write_snapshot(graph);
}

void add_t(RegistryBuilder& builder) {
  builder.add("0001_t", "", R"sql(CREATE TABLE "public"."t" ("id" bigint NOT NULL, CONSTRAINT "pk_t" PRIMARY KEY ("id"));
INSERT INTO "public"."t" VALUES (1), (9223372036854775807);
)sql",
              "DROP TABLE \"public\".\"t\";\n");
}

void add_note(RegistryBuilder& builder, const std::string& down_sql, const std::string& extra_up = "") {
  builder.add("0002_note", "0001_t", "ALTER TABLE \"public\".\"t\" ADD COLUMN \"note\" text;\n" + extra_up, down_sql);
  builder.set_head_snapshot(t_snapshot(true));
}

const std::string kGoodDown = "ALTER TABLE \"public\".\"t\" DROP COLUMN \"note\";\n";

class RevisionProofTest : public ::testing::Test {
 protected:
  ProofOptions options(const std::string& cache_name = "") {
    ProofOptions options;
    options.server = PgCluster::shared().url("postgres");
    if (!cache_name.empty()) options.cache_file = (std::filesystem::path(dir_.path()) / cache_name).string();
    return options;
  }
  std::string proof_failure(const Registry& registry) {
    try {
      prove_revisions(registry, options());
    } catch (const ProofError& error) {
      return error.what();
    }
    return "(the proof passed)";
  }
  strata::testing::TempDir dir_{"strata_proof_test"};
};

TEST_F(RevisionProofTest, ARightSetPassesHooksConcurrentIndexAndTwoSchemasIncluded) {
  ProofResult result = prove_revisions(test::two_schema_registry(), options());
  EXPECT_EQ(result.proven, (std::vector<std::string>{"0001_tenants", "0002_audit_events", "0003_tenant_region",
                                                      "0004_tenant_region_index"}));
  EXPECT_EQ(result.cached, 0u);
}

TEST_F(RevisionProofTest, ADownThatForgetsAColumnFailsNamingIt) {
  RegistryBuilder builder;
  add_t(builder);
  add_note(builder, "-- forgot the column\nSELECT 1;\n");
  EXPECT_EQ(proof_failure(builder.registry()),
            "0002_note: down does not restore: column public.t.note is left behind (the parent has none)");
}

TEST_F(RevisionProofTest, AnUpThatAddsAnIndexTheModelsLackFails) {
  RegistryBuilder builder;
  add_t(builder);
  add_note(builder, "DROP INDEX \"public\".\"ix_t_note\";\n" + kGoodDown,
           "CREATE INDEX \"ix_t_note\" ON \"public\".\"t\" (\"note\");\n");
  EXPECT_EQ(proof_failure(builder.registry()),
            "0002_note: up leaves index ix_t_note on public.t, snapshot says no index ix_t_note on public.t");
}

void refuse(pqxx::transaction_base&) { throw std::runtime_error("the hook refuses"); }

TEST_F(RevisionProofTest, AHookThatThrowsFails) {
  RegistryBuilder builder;
  add_t(builder);
  add_note(builder, kGoodDown);
  builder.add("0003_hook", "0002_note", "SELECT 1;\n", "SELECT 1;\n").after_upgrade = &refuse;
  const std::string failure = proof_failure(builder.registry());
  EXPECT_EQ(failure.rfind("0003_hook: up fails: ", 0), 0u) << failure;
  EXPECT_NE(failure.find("the hook refuses"), std::string::npos) << failure;
}

TEST_F(RevisionProofTest, NothingIsProvenAgainWhenNothingChangedAndAnEditedRevisionIs) {
  RegistryBuilder first;
  add_t(first);
  add_note(first, kGoodDown);
  ProofResult result = prove_revisions(first.registry(), options("proven.txt"));
  EXPECT_EQ(result.proven.size(), 2u);

  // Nothing changed: no database is needed at all.
  ProofOptions unreachable = options("proven.txt");
  unreachable.server = kNoServer;
  result = prove_revisions(first.registry(), unreachable);
  EXPECT_TRUE(result.proven.empty());
  EXPECT_EQ(result.cached, 2u);

  // 0002's down SQL edited (and accepted): its checksum differs, it alone is proven again.
  RegistryBuilder edited;
  add_t(edited);
  add_note(edited, "ALTER TABLE \"public\".\"t\" DROP COLUMN IF EXISTS \"note\";\n");
  EXPECT_THROW(prove_revisions(edited.registry(), unreachable), std::exception);
  result = prove_revisions(edited.registry(), options("proven.txt"));
  EXPECT_EQ(result.proven, std::vector<std::string>{"0002_note"});
  EXPECT_EQ(result.cached, 1u);
}

// The throwaway clusters' temp dirs in `cluster_parent` (TMPDIR), counted by a hook while a proof runs.
std::filesystem::path cluster_parent;
std::size_t clusters_seen_by_hook = 0;

std::size_t cluster_dirs_in(const std::filesystem::path& parent) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(parent)) {
    count += entry.path().filename().string().rfind("strata-verify-", 0) == 0;
  }
  return count;
}

void count_clusters(pqxx::transaction_base&) { clusters_seen_by_hook = cluster_dirs_in(cluster_parent); }

TEST_F(RevisionProofTest, WithoutAServerAThrowawayClusterIsStartedAndRemoved) {
  RegistryBuilder builder;
  add_t(builder);
  add_note(builder, kGoodDown);
  builder.add("0003_hook", "0002_note", "SELECT 1;\n", "SELECT 1;\n").after_upgrade = &count_clusters;
  ProofOptions own_cluster = options();
  own_cluster.server.reset();
  // The cluster's temp dir goes under this test's own dir: other tests' clusters, started in
  // /tmp by ctest -j beside this one, are not counted.
  std::filesystem::permissions(dir_.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
  strata::testing::EnvOverride tmpdir("TMPDIR", dir_.path().string());
  cluster_parent = dir_.path();
  ProofResult result = prove_revisions(builder.registry(), own_cluster);
  EXPECT_EQ(result.proven.size(), 3u);
  EXPECT_EQ(clusters_seen_by_hook, 1u);
  EXPECT_EQ(cluster_dirs_in(dir_.path()), 0u);
}

// The build tree's data dir: initdb'd by the first proof only, left stopped after each; while
// another run holds it, a throwaway cluster is used instead.
TEST_F(RevisionProofTest, AKeptDataDirIsInitialisedOnceAndLeftStopped) {
  namespace fs = std::filesystem;
  fs::permissions(dir_.path(), fs::perms::all, fs::perm_options::add);  // the cluster owner reaches it
  RegistryBuilder builder;
  add_t(builder);
  add_note(builder, kGoodDown);
  const fs::path kept = dir_.path() / "verify-cluster";
  auto prove = [&](std::ostringstream& progress) {
    ProofOptions own_cluster = options();
    own_cluster.server.reset();
    own_cluster.cluster_dir = kept.string();
    own_cluster.progress = &progress;
    return prove_revisions(builder.registry(), own_cluster);
  };
  std::ostringstream first;
  EXPECT_EQ(prove(first).proven.size(), 2u);
  EXPECT_NE(first.str().find("the build tree's scratch cluster"), std::string::npos) << first.str();
  ASSERT_TRUE(fs::exists(kept / "PG_VERSION"));
  EXPECT_FALSE(fs::exists(kept / "postmaster.pid"));
  std::ofstream(kept / "strata-test-marker") << "initdb would remove this\n";

  std::ostringstream second;
  EXPECT_EQ(prove(second).proven.size(), 2u);  // no cache: both proven again, on the kept data dir
  EXPECT_NE(second.str().find("the build tree's scratch cluster"), std::string::npos) << second.str();
  EXPECT_TRUE(fs::exists(kept / "strata-test-marker"));
  EXPECT_FALSE(fs::exists(kept / "postmaster.pid"));

  const int lock = open((kept.string() + ".lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(flock(lock, LOCK_EX | LOCK_NB), 0);
  std::ostringstream busy;
  EXPECT_EQ(prove(busy).proven.size(), 2u);
  close(lock);
  EXPECT_NE(busy.str().find("a throwaway cluster (" + kept.string() + " is in use by another run)"), std::string::npos)
      << busy.str();
}


// The migrator killed mid-proof (a Ctrl-C or kill of the build): its guardian stops the throwaway
// cluster and deletes its temp dir; no postgres is left running.
TEST_F(RevisionProofTest, AMigratorKilledMidProofLeavesNoClusterBehind) {
  using namespace std::chrono_literals;
  std::filesystem::permissions(dir_.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
  test::Subprocess migrator({STRATA_TEST_MIGRATOR, "verify", "--cache", (dir_.path() / "proven.txt").string()},
                            {{"STRATA_TEST_REGISTRY", "sleepy"},
                             {"PGOPTIONS", "-c strata_test.nap=60"},
                             {"TMPDIR", dir_.path().string()},
                             {"STRATA_VERIFY_URL", ""}});
  auto cluster_dirs = [&] {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (entry.path().filename().string().rfind("strata-verify-", 0) == 0) found.push_back(entry.path());
    }
    return found;
  };
  std::vector<std::filesystem::path> started;
  for (int i = 0; i < 300 && started.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    for (const auto& found : cluster_dirs()) {
      if (std::filesystem::exists(found / "data" / "postmaster.pid")) started.push_back(found);
    }
  }
  ASSERT_EQ(started.size(), 1u) << "no throwaway cluster came up";
  std::this_thread::sleep_for(1500ms);  // into the nap of 0002_nap's proof
  migrator.kill(SIGKILL);
  EXPECT_EQ(migrator.wait().term_signal, SIGKILL);
  for (int i = 0; i < 100 && !cluster_dirs().empty(); ++i) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(cluster_dirs().empty()) << started.front() << " is still there";
}

}  // namespace
}  // namespace strata

// Revisions run as a program of parts (runner/revision_step.hpp) against a real throwaway
// PostgreSQL: enum labels added in the revision's transaction and retried, revisions split by
// `-- strata:step` and resumed, INVALID indexes rebuilt, history tables of the earlier release
// upgraded in place, checksums over up SQL, down SQL and hooks, error lines in the reviewed file,
// and a revision mixing transactional and non-transactional parts killed (SIGKILL of the migrator,
// `pg_ctl stop -m immediate`) at every boundary between its statements.
#include "runner/revision_step.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "core/operation.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/executor.hpp"
#include "runner/migration_errors.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::PgCluster;
using test::RegistryBuilder;

// ---- the program, without a database ----------------------------------------------------------

TEST(RevisionStepProgram, MarkerLinesSplitPartsAndKeepTheFileLines) {
  const std::string sql =
      "-- header\n"
      "ALTER TYPE \"public\".\"plan\" ADD VALUE IF NOT EXISTS 'gold';\n"
      "\n"
      "-- strata:step (commit first)\n"
      "ALTER TABLE \"public\".\"a\"\n"
      "  ALTER COLUMN \"plan\" SET DEFAULT 'gold';\n"
      "CREATE INDEX CONCURRENTLY \"ix\" ON \"public\".\"a\" (\"plan\");\n"
      "UPDATE \"public\".\"a\" SET \"plan\" = 'gold';\n";
  std::vector<std::vector<ScriptStatement>> sections = split_step_sections(sql);
  ASSERT_EQ(sections.size(), 2u);
  ASSERT_EQ(sections[0].size(), 1u);
  EXPECT_EQ(sections[0][0].line, 2u);
  ASSERT_EQ(sections[1].size(), 3u);
  EXPECT_EQ(sections[1][0].line, 5u);
  EXPECT_EQ(sections[1][2].line, 8u);

  RegistryBuilder builder;
  builder.add("0001_x", "", sql, "");
  PlanStep plan_step{&builder.registry().revisions[0], Direction::Up};
  RevisionStep step = prepare_revision_step(plan_step);
  ASSERT_EQ(step.parts.size(), 4u);  // ADD VALUE | SET DEFAULT | CONCURRENTLY | UPDATE + history
  EXPECT_TRUE(step.parts[0].transactional);
  EXPECT_FALSE(step.parts[2].transactional);
  EXPECT_EQ(step.parts[3].statements.front().line, 8u);
  EXPECT_TRUE(step.recorded_by_part());
  EXPECT_THROW(require_one_transaction(step), TargetError);
}

TEST(RevisionStepProgram, ConcurrentIndexBuildNamesTheIndexAndTable) {
  auto build = concurrent_index_build("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Ix \"\"q\"\"\" ON ONLY \"public\".\"t\" (a)");
  ASSERT_TRUE(build.has_value());
  EXPECT_EQ(build->index, "Ix \"q\"");
  EXPECT_EQ(build->table, "\"public\".\"t\"");
  build = concurrent_index_build("create index concurrently IX_Plain on s.t(a)");
  ASSERT_TRUE(build.has_value());
  EXPECT_EQ(build->index, "ix_plain");
  EXPECT_EQ(build->table, "s.t");
  EXPECT_FALSE(concurrent_index_build("CREATE INDEX CONCURRENTLY ON t (a)").has_value());
  EXPECT_FALSE(concurrent_index_build("CREATE INDEX ix ON t (a)").has_value());
}

// ---- against PostgreSQL --------------------------------------------------------------------------

class RevisionStepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connect();
    options_.progress = &progress_;
  }
  void TearDown() override {
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }
  void connect() { connection_ = connect_database(url_); }
  std::string scalar(const std::string& sql) { return strata::test::query_scalar(*connection_, sql); }
  void exec(const std::string& sql) { strata::test::execute(*connection_, sql); }
  std::vector<HistoryRow> history() { return load_history(*connection_, HistoryTable{}); }

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::ostringstream progress_;
  ExecutorOptions options_;
};

constexpr const char* kPlans =
    "CREATE TYPE \"public\".\"plan\" AS ENUM ('free', 'pro');\n"
    "CREATE TABLE \"public\".\"accounts\" (\"id\" integer PRIMARY KEY, \"name\" text, \"plan\" \"public\".\"plan\");\n"
    "INSERT INTO \"public\".\"accounts\" VALUES (1, NULL, NULL), (2, 'Zoë ✓ 名前', 'pro'), (3, repeat('x', 10000), 'free');\n";

std::string add_gold() {
  AddEnumValue add;
  add.schema = "public";
  add.enum_name = "plan";
  add.value = "gold";
  add.labels_without = {"free", "pro"};
  return render(Operation(add)).front().sql + ";\n";
}

// Finding B: a revision that adds a label and then fails leaves no label behind (it ran in the
// revision's transaction), and the fixed revision applies.
TEST_F(RevisionStepTest, EnumLabelOfAFailedRevisionIsRolledBackAndTheFixedRunApplies) {
  const std::string broken = add_gold() + "ALTER TABLE \"public\".\"accounts\" ADD COLUMN \"tier\" integer REFERENCES \"public\".\"nowhere\" (\"id\");\n";
  const std::string fixed = add_gold() + "ALTER TABLE \"public\".\"accounts\" ADD COLUMN \"tier\" integer;\n";
  {
    RegistryBuilder builder;
    builder.add("0001_plans", "", kPlans, "DROP TABLE \"public\".\"accounts\"; DROP TYPE \"public\".\"plan\";");
    builder.add("0002_gold", "0001_plans", broken, "");
    RevisionChain chain(builder.registry());
    EXPECT_THROW(run_upgrade(*connection_, chain, "head", options_), StmtExecError);
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_enum WHERE enumlabel = 'gold'"), "0");
    ASSERT_EQ(history().size(), 1u);
  }
  RegistryBuilder builder;
  builder.add("0001_plans", "", kPlans, "DROP TABLE \"public\".\"accounts\"; DROP TYPE \"public\".\"plan\";");
  builder.add("0002_gold", "0001_plans", fixed, "");
  RevisionChain chain(builder.registry());
  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_enum WHERE enumlabel = 'gold'"), "1");
  EXPECT_EQ(history().size(), 2u);
}

// Finding B/C: a revision that uses its new label is split; a failure in the second part keeps the
// committed first part recorded, and the fixed run resumes at the second part.
TEST_F(RevisionStepTest, SplitEnumRevisionResumesAtTheFailedPart) {
  const std::string uses = std::string(kStepMarker) + "\n" +
                           "ALTER TABLE \"public\".\"accounts\" ALTER COLUMN \"plan\" SET DEFAULT 'gold';\n"
                           "UPDATE \"public\".\"accounts\" SET \"plan\" = 'gold' WHERE \"id\" = 1;\n";
  {
    RegistryBuilder builder;
    builder.add("0001_plans", "", kPlans, "");
    builder.add("0002_gold", "0001_plans", add_gold() + uses + "SELECT 1 / 0;\n", "");
    RevisionChain chain(builder.registry());
    EXPECT_THROW(run_upgrade(*connection_, chain, "head", options_), StmtExecError);
    std::vector<HistoryRow> rows = history();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].partial_step, std::optional<int>(1));
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_enum WHERE enumlabel = 'gold'"), "1");
    EXPECT_EQ(scalar("SELECT \"plan\" FROM \"public\".\"accounts\" WHERE \"id\" = 1"), "NULL");
    EXPECT_EQ(applied_position(chain, rows), 1u);
  }
  RegistryBuilder builder;
  builder.add("0001_plans", "", kPlans, "");
  builder.add("0002_gold", "0001_plans", add_gold() + uses, "");
  RevisionChain chain(builder.registry());
  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_NE(progress_.str().find("resuming after part 1"), std::string::npos) << progress_.str();
  EXPECT_EQ(scalar("SELECT \"plan\" FROM \"public\".\"accounts\" WHERE \"id\" = 1"), "gold");
  std::vector<HistoryRow> rows = history();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[1].partial_step.has_value());
  EXPECT_EQ(rows[1].checksum, chain.at(1).checksum);
  EXPECT_EQ(applied_position(chain, rows), 2u);
}

// Finding C: an INVALID index left by an interrupted CREATE INDEX CONCURRENTLY is dropped and
// built again, not kept by IF NOT EXISTS.
TEST_F(RevisionStepTest, InvalidIndexLeftByAnInterruptedBuildIsRebuilt) {
  exec("CREATE TABLE \"public\".\"t\" (\"a\" integer); INSERT INTO \"public\".\"t\" VALUES (1), (1), (NULL)");
  EXPECT_ANY_THROW(exec("CREATE UNIQUE INDEX CONCURRENTLY \"ix_t_a\" ON \"public\".\"t\" (\"a\")"));
  ASSERT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t_a'::regclass"), "f");
  RegistryBuilder builder;
  builder.add("0001_unique", "",
              "DELETE FROM \"public\".\"t\" WHERE ctid <> (SELECT min(ctid) FROM \"public\".\"t\" WHERE \"a\" = 1) AND \"a\" = 1;\n"
              "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"ix_t_a\" ON \"public\".\"t\" (\"a\");\n",
              "DROP INDEX \"public\".\"ix_t_a\";");
  RevisionChain chain(builder.registry());
  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t_a'::regclass"), "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"t\""), "2");
}

// Finding C/E: a history table created by the earlier release (no partial_step, up-only
// checksums) is read as it is, upgraded in place by the next upgrade, and its checksums
// recorded in full.
TEST_F(RevisionStepTest, HistoryTableOfTheEarlierReleaseIsUpgradedInPlace) {
  RegistryBuilder builder;
  builder.add("0001_t", "", "CREATE TABLE \"public\".\"t\" (\"a\" integer);\n", "DROP TABLE \"public\".\"t\";\n");
  builder.add("0002_u", "0001_t", "CREATE TABLE \"public\".\"u\" (\"a\" integer);\n", "DROP TABLE \"public\".\"u\";\n");
  RevisionChain chain(builder.registry());
  const std::string legacy = sha256_hex(chain.at(0).up_sql);
  exec("CREATE TABLE \"public\".\"t\" (\"a\" integer);\n"
       "CREATE TABLE \"public\".\"strata_history\" (\"revision\" text PRIMARY KEY, \"parent\" text, \"checksum\" text NOT NULL,"
       " \"applied_at\" timestamptz NOT NULL DEFAULT now(), \"duration_ms\" integer NOT NULL,"
       " \"applied_by\" text NOT NULL DEFAULT current_user);\n"
       "INSERT INTO \"public\".\"strata_history\" (\"revision\", \"checksum\", \"duration_ms\") VALUES ('0001_t', '" + legacy + "', 3)");
  EXPECT_EQ(applied_position(chain, history()), 1u);  // read-only: the old table as it is
  run_upgrade(*connection_, chain, "head", options_);
  std::vector<HistoryRow> rows = history();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].checksum, chain.at(0).checksum);
  EXPECT_EQ(scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'strata_history' AND column_name = 'partial_step'"), "1");
}

// Finding E: the recorded checksum covers the down SQL (and hooks): a hashed edit of an applied
// revision's down.sql is reported by name.
TEST_F(RevisionStepTest, EditedDownSqlOfAnAppliedRevisionIsReported) {
  const std::string up = "CREATE TABLE \"public\".\"t\" (\"a\" integer);\n";
  {
    RegistryBuilder builder;
    builder.add("0001_t", "", up, "DROP TABLE \"public\".\"t\";\n");
    RevisionChain chain(builder.registry());
    run_upgrade(*connection_, chain, "head", options_);
  }
  RegistryBuilder builder;
  builder.add("0001_t", "", up, "DROP TABLE \"public\".\"t\" CASCADE;\n");
  RevisionChain chain(builder.registry());
  try {
    applied_position(chain, history());
    FAIL() << "expected ChecksumError";
  } catch (const ChecksumError& error) {
    EXPECT_NE(std::string(error.what()).find("its down SQL was edited"), std::string::npos) << error.what();
  }
}

// Finding G: the line of an error is the line in the reviewed file PostgreSQL points at, also
// inside a multi-line statement and after a `-- strata:step` line.
TEST_F(RevisionStepTest, ErrorLineIsTheLineOfTheReviewedFile) {
  RegistryBuilder builder;
  builder.add("0001_t", "",
              "-- a comment\n"
              "CREATE TABLE \"public\".\"t\" (\"a\" integer);\n" +
                  std::string(kStepMarker) +
                  "\n"
                  "SELECT \"a\",\n"
                  "       \"missing\"\n"
                  "FROM \"public\".\"t\";\n",
              "");
  RevisionChain chain(builder.registry());
  try {
    run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.file(), "0001_t.up.sql");
    EXPECT_EQ(error.line(), 5u) << error.what();
  }
}

// ---- fault injection ---------------------------------------------------------------------------
//
// Revision 0002 mixes parts: [1] ALTER TABLE t1 (transaction) | [2] CREATE INDEX CONCURRENTLY on
// t2 | [3] UPDATE t3 counter (transaction) | [4] CREATE INDEX CONCURRENTLY on t4 | [5] the after
// hook (UPDATE t5) and the final history write (transaction). The migrator runs in a forked child;
// the test stops it at a boundary by holding a lock the next step needs (a gate), waits until the
// child's session waits for it, then kills the child (SIGKILL; the server notices within
// client_connection_check_interval) or crashes the server. The database must then be consistent
// (each part recorded ⇔ its effects), and the next `upgrade head` completes.

constexpr const char* kTables =
    "CREATE TABLE \"public\".\"t1\" (\"a\" integer, \"b\" text);\n"
    "INSERT INTO \"public\".\"t1\" VALUES (1, NULL), (2, 'Zoë ✓'), (3, repeat('y', 5000));\n"
    "CREATE TABLE \"public\".\"t2\" (\"a\" integer);\n"
    "INSERT INTO \"public\".\"t2\" SELECT g FROM generate_series(1, 100) g;\n"
    "CREATE TABLE \"public\".\"t3\" (\"n\" integer);\n"
    "INSERT INTO \"public\".\"t3\" VALUES (0);\n"
    "CREATE TABLE \"public\".\"t4\" (\"a\" integer);\n"
    "CREATE TABLE \"public\".\"t5\" (\"n\" integer);\n"
    "INSERT INTO \"public\".\"t5\" VALUES (0);\n";

constexpr const char* kMixed =
    "ALTER TABLE \"public\".\"t1\" ADD COLUMN \"c\" integer;\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix_t2_a\" ON \"public\".\"t2\" (\"a\");\n"
    "UPDATE \"public\".\"t3\" SET \"n\" = \"n\" + 1;\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix_t4_a\" ON \"public\".\"t4\" (\"a\");\n";

void bump_t5(pqxx::transaction_base& tx) { tx.exec("UPDATE \"public\".\"t5\" SET \"n\" = \"n\" + 1"); }

const Registry& mixed_registry() {
  static RegistryBuilder* builder = [] {
    auto* b = new RegistryBuilder("strata_faults");
    b->add("0001_tables", "", kTables, "");
    b->add("0002_mixed", "0001_tables", kMixed, "").after_upgrade = &bump_t5;
    return b;
  }();
  return builder->registry();
}

// One boundary: the gates taken in order; each after the first is taken once the child waits on
// the one before, which is then released (to stop after a statement, before what follows it).
struct Boundary {
  const char* name;
  std::vector<std::string> gates;  // LOCK statements
};

const std::vector<Boundary>& boundaries() {
  static const std::vector<Boundary> all = {
      {"before part 1", {"LOCK \"public\".\"t1\" IN ACCESS EXCLUSIVE MODE"}},
      {"part 1 ran, before its commit", {"LOCK \"public\".\"strata_history\" IN EXCLUSIVE MODE"}},
      {"before part 2", {"LOCK \"public\".\"t2\" IN SHARE UPDATE EXCLUSIVE MODE"}},
      {"inside part 2 (INVALID index)", {"LOCK \"public\".\"t2\" IN ROW EXCLUSIVE MODE"}},
      {"part 2 ran, before its record",
       {"LOCK \"public\".\"t2\" IN SHARE UPDATE EXCLUSIVE MODE", "LOCK \"public\".\"strata_history\" IN EXCLUSIVE MODE"}},
      {"before part 3", {"LOCK \"public\".\"t3\" IN ACCESS EXCLUSIVE MODE"}},
      {"part 3 ran, before its commit",
       {"LOCK \"public\".\"t3\" IN ACCESS EXCLUSIVE MODE", "LOCK \"public\".\"strata_history\" IN EXCLUSIVE MODE"}},
      {"before part 4", {"LOCK \"public\".\"t4\" IN SHARE UPDATE EXCLUSIVE MODE"}},
      {"part 4 ran, before its record",
       {"LOCK \"public\".\"t4\" IN SHARE UPDATE EXCLUSIVE MODE", "LOCK \"public\".\"strata_history\" IN EXCLUSIVE MODE"}},
      {"inside part 5 (hook), before the final write", {"LOCK \"public\".\"t5\" IN ACCESS EXCLUSIVE MODE"}},
  };
  return all;
}

class FaultInjectionTest : public RevisionStepTest {
 protected:
  // Sessions of this database other than the test's own and the gates: the child's.
  int child_sessions(bool waiting) {
    std::string sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                      " AND application_name = 'strata_fault_child'";
    if (waiting) sql += " AND wait_event_type = 'Lock'";
    return std::stoi(scalar(sql));
  }
  void wait_until(const std::function<bool()>& done, const std::string& what) {
    for (int i = 0; i < 1000; ++i) {
      if (done()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "timed out waiting until " << what;
  }

  pid_t start_child() {
    std::string child_url = url_ + "?application_name=strata_fault_child&options=-c%20client_connection_check_interval%3D20%20-c%20synchronous_commit%3Don";
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      try {
        auto connection = connect_database(child_url);
        RevisionChain chain(mixed_registry());
        ExecutorOptions quiet;
        run_upgrade(*connection, chain, "head", quiet);
        _exit(0);
      } catch (...) {
        _exit(1);
      }
    }
    return pid;
  }

  // The history and the schema agree: each part recorded has its effects; a transactional part
  // not recorded has none.
  void expect_consistent(const std::string& where) {
    RevisionChain chain(mixed_registry());
    std::vector<HistoryRow> rows = history();
    ASSERT_GE(rows.size(), 1u) << where;
    std::size_t done = 0;
    if (rows.size() == 2) done = rows[1].partial_step ? static_cast<std::size_t>(*rows[1].partial_step) : 5;
    EXPECT_NO_THROW(applied_position(chain, rows)) << where;
    bool has_c = scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't1' AND column_name = 'c'") == "1";
    EXPECT_EQ(has_c, done >= 1) << where;
    if (done >= 2) {
      EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t2_a'::regclass"), "t") << where;
    }
    EXPECT_EQ(scalar("SELECT n FROM \"public\".\"t3\""), done >= 3 ? "1" : "0") << where;
    if (done >= 4) {
      EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t4_a'::regclass"), "t") << where;
    }
    EXPECT_EQ(scalar("SELECT n FROM \"public\".\"t5\""), done >= 5 ? "1" : "0") << where;
  }

  void run_boundary(const Boundary& boundary, bool crash_server) {
    const std::string where = std::string(boundary.name) + (crash_server ? " (server crash)" : " (SIGKILL)");
    RevisionChain chain(mixed_registry());
    // The test cluster runs with synchronous_commit = off, which a crash may undo (consistently,
    // but this test wants to see what each part left): commits here and in the child are durable.
    exec("SET synchronous_commit = on");
    run_upgrade(*connection_, chain, "0001", options_);
    std::vector<std::unique_ptr<pqxx::connection>> gate_connections;
    std::vector<std::unique_ptr<pqxx::work>> gates;
    auto take = [&](const std::string& lock) {
      gate_connections.push_back(std::make_unique<pqxx::connection>(url_));
      gates.push_back(std::make_unique<pqxx::work>(*gate_connections.back()));
      gates.back()->exec(lock);
    };
    take(boundary.gates[0]);
    pid_t child = start_child();
    wait_until([&] { return child_sessions(true) == 1; }, "the child waits at " + where);
    for (std::size_t i = 1; i < boundary.gates.size(); ++i) {
      take(boundary.gates[i]);
      gates[i - 1]->abort();
      wait_until([&] {
        return scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted"
                      " AND a.application_name = 'strata_fault_child' AND l.relation = 'public.strata_history'::regclass") == "1";
      }, "the child waits for the history table at " + where);
    }
    if (crash_server) {
      PgCluster::shared().crash_and_restart();  // the gates still held: the child is where it stopped
      gates.clear();
      gate_connections.clear();
      connection_.reset();
      int status = 0;
      waitpid(child, &status, 0);
      connect();
    } else {
      kill(child, SIGKILL);
      int status = 0;
      waitpid(child, &status, 0);
      // Its session, still waiting for the gate, notices the client is gone and ends.
      wait_until([&] { return child_sessions(false) == 0; }, "the killed migrator's session ends at " + where);
      gates.clear();
      gate_connections.clear();
    }
    expect_consistent(where);
    if (std::string(boundary.name).find("INVALID") != std::string::npos) {
      EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t2_a'::regclass"), "f") << where;
    }
    run_upgrade(*connection_, chain, "head", options_);
    expect_consistent(where + ", after the next upgrade");
    EXPECT_EQ(history().size(), 2u) << where;
  }
};

TEST_F(FaultInjectionTest, KilledMigratorAtEveryBoundaryResumes) {
  for (const Boundary& boundary : boundaries()) {
    SCOPED_TRACE(boundary.name);
    exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    run_boundary(boundary, false);
    if (HasFatalFailure()) return;
  }
}

TEST_F(FaultInjectionTest, ServerCrashAtEveryBoundaryResumes) {
  if (PgCluster::shared().external()) GTEST_SKIP() << "needs the local cluster";
  for (const Boundary& boundary : boundaries()) {
    SCOPED_TRACE(boundary.name);
    exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    run_boundary(boundary, true);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace strata

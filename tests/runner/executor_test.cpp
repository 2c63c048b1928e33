// The executor against a real throwaway PostgreSQL: upgrade/downgrade/stamp, history rows, hooks,
// rollback of a failing revision, checksum and unknown-revision refusals, statements that cannot
// run in a transaction, timeouts, and concurrent migrators serialised by the advisory lock.
#include "runner/executor.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "runner/migration_errors.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/runner/test_registries.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace {

using strata::ChecksumError;
using strata::ExecutorOptions;
using strata::HistoryError;
using strata::HistoryRow;
using strata::RevisionChain;
using strata::StmtExecError;
using strata::TargetError;
using strata::test::PgCluster;

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = strata::connect_database(url_);
    options_.progress = &progress_;
  }
  void TearDown() override {
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }

  bool exists(const std::string& qualified) {
    pqxx::nontransaction tx(*connection_);
    return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", qualified)[0][0].as<bool>();
  }
  std::vector<std::string> history_ids() {
    std::vector<std::string> ids;
    for (const HistoryRow& row : strata::load_history(*connection_, strata::HistoryTable{})) ids.push_back(row.revision);
    return ids;
  }
  std::string scalar(const std::string& sql) { return strata::test::query_scalar(*connection_, sql); }
  void exec(const std::string& sql) { strata::test::execute(*connection_, sql); }

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::ostringstream progress_;
  ExecutorOptions options_;
};

TEST_F(ExecutorTest, UpgradeHeadAppliesEveryRevisionAndRecordsHistory) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::Plan plan = strata::run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(plan.steps.size(), 4u);
  EXPECT_TRUE(exists("public.tenants"));
  EXPECT_TRUE(exists("audit.events"));
  EXPECT_TRUE(exists("audit.ix_events_kind"));
  EXPECT_TRUE(exists("public.ix_tenants_region"));
  // The after_upgrade hook of 0002 seeded acme; 0003's backfill gave it a region.
  EXPECT_EQ(scalar(R"(SELECT "region" FROM "public"."tenants" WHERE "name" = 'acme')"), "eu");
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "audit"."events")"), "1");

  std::vector<HistoryRow> history = strata::load_history(*connection_, strata::HistoryTable{});
  ASSERT_EQ(history.size(), 4u);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const strata::Revision& revision = chain.at(i);
    EXPECT_EQ(history[i].revision, revision.info->id);
    EXPECT_EQ(history[i].checksum, revision.checksum);
    EXPECT_GE(history[i].duration_ms, 0);
    EXPECT_EQ(history[i].applied_by, "postgres");
    EXPECT_EQ(history[i].applied_at.size(), 20u) << history[i].applied_at;  // 2024-05-01T12:00:00Z
  }
  EXPECT_EQ(history[0].parent, std::nullopt);
  EXPECT_EQ(history[3].parent, "0003_tenant_region");

  std::string log = progress_.str();
  EXPECT_NE(log.find("[1/4] 0001_tenants … "), std::string::npos) << log;
  EXPECT_NE(log.find("[4/4] 0004_tenant_region_index … "), std::string::npos) << log;
  EXPECT_NE(log.find("cannot run inside a transaction"), std::string::npos) << log;

  // Nothing left to do the second time.
  EXPECT_TRUE(strata::run_upgrade(*connection_, chain, "head", options_).steps.empty());
  EXPECT_EQ(history_ids().size(), 4u);
}

TEST_F(ExecutorTest, RelativeStepsAndDowngradeToBase) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::run_upgrade(*connection_, chain, "+1", options_);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
  EXPECT_FALSE(exists("audit.events"));
  strata::run_upgrade(*connection_, chain, "+2", options_);
  EXPECT_EQ(history_ids().size(), 3u);
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "public"."tenants")"), "1");

  strata::run_downgrade(*connection_, chain, "-1", options_);
  EXPECT_EQ(history_ids().size(), 2u);
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM information_schema.columns WHERE column_name = 'region')"), "0");

  strata::run_downgrade(*connection_, chain, "0001", options_);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
  EXPECT_FALSE(exists("audit.events"));
  // The before_downgrade hook of 0002 removed the seeded tenant.
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "public"."tenants")"), "0");

  strata::run_upgrade(*connection_, chain, "head", options_);
  strata::run_downgrade(*connection_, chain, "base", options_);
  EXPECT_TRUE(history_ids().empty());
  EXPECT_FALSE(exists("public.tenants"));
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'"), "0");
  // The history table stays, empty.
  EXPECT_TRUE(exists("public.strata_history"));
}

TEST_F(ExecutorTest, FailingStatementRollsBackTheRevisionAndNamesTheStatement) {
  RevisionChain chain(strata::test::failing_registry());
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.revision(), "0002_broken");
    EXPECT_EQ(error.file(), "0002_broken.up.sql");
    EXPECT_EQ(error.line(), 3u);
    EXPECT_NE(error.statement().find("no_such_table"), std::string::npos) << error.statement();
    EXPECT_NE(error.message().find("relation \"public.no_such_table\" does not exist"), std::string::npos)
        << error.message();
    EXPECT_FALSE(error.partially_applied());
  }
  // 0001 committed on its own; 0002's first two statements were rolled back with it.
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
  EXPECT_TRUE(exists("public.tenants"));
  EXPECT_FALSE(exists("public.widgets"));
  EXPECT_NE(progress_.str().find("[2/2] 0002_broken … failed"), std::string::npos) << progress_.str();
}

TEST_F(ExecutorTest, SingleTransactionRollsBackEveryRevision) {
  RevisionChain chain(strata::test::failing_registry());
  options_.single_transaction = true;
  EXPECT_THROW(strata::run_upgrade(*connection_, chain, "head", options_), StmtExecError);
  EXPECT_TRUE(history_ids().empty());
  EXPECT_FALSE(exists("public.tenants"));
}

TEST_F(ExecutorTest, SingleTransactionRefusesStatementsThatCannotRunInOne) {
  RevisionChain chain(strata::test::two_schema_registry());
  options_.single_transaction = true;
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected TargetError";
  } catch (const TargetError& error) {
    EXPECT_NE(std::string(error.what()).find("0004_tenant_region_index.up.sql: line 1"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(history_ids().empty());  // refused before anything ran
  options_.single_transaction = true;
  strata::run_upgrade(*connection_, chain, "0003", options_);
  EXPECT_EQ(history_ids().size(), 3u);
}

TEST_F(ExecutorTest, CreateIndexConcurrentlyRunsOutsideATransactionAndIsValid) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar(R"(SELECT indisvalid FROM pg_index WHERE indexrelid = '"public"."ix_tenants_region"'::regclass)"), "t");
  EXPECT_EQ(scalar(R"(SELECT obj_description('"public"."tenants"'::regclass, 'pg_class'))"), "customers");
  strata::run_downgrade(*connection_, chain, "-1", options_);  // DROP INDEX CONCURRENTLY
  EXPECT_FALSE(exists("public.ix_tenants_region"));
  EXPECT_EQ(scalar(R"(SELECT obj_description('"public"."tenants"'::regclass, 'pg_class'))"), "NULL");
  EXPECT_EQ(history_ids().size(), 3u);
}

TEST_F(ExecutorTest, FailureAfterAStatementOutsideATransactionSaysItWasPartlyApplied) {
  strata::test::RegistryBuilder builder;
  builder.add("0001_t", "", R"(CREATE TABLE "public"."t" ("a" integer);)", R"(DROP TABLE "public"."t";)");
  builder.add("0002_ix", "0001_t", R"(CREATE INDEX CONCURRENTLY "ix_t_a" ON "public"."t" ("a");
ALTER TABLE "public"."t" ADD COLUMN "a" integer;)",
              R"(DROP INDEX "public"."ix_t_a";)");
  RevisionChain chain(builder.registry());
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.line(), 2u);
    EXPECT_TRUE(error.partially_applied());
  }
  EXPECT_TRUE(exists("public.ix_t_a"));  // committed on its own, and recorded as part 1 of 0002_ix
  std::vector<HistoryRow> history = strata::load_history(*connection_, strata::HistoryTable{});
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].revision, "0002_ix");
  EXPECT_EQ(history[1].partial_step, std::optional<int>(1));
  EXPECT_EQ(strata::applied_position(chain, history), 1u);
}

TEST_F(ExecutorTest, FailingHookRollsBackAndNamesTheHook) {
  strata::test::RegistryBuilder builder;
  strata::RevisionInfo& info = builder.add("0001_t", "", R"(CREATE TABLE "public"."t" ("a" integer);)", R"(DROP TABLE "public"."t";)");
  info.after_upgrade = [](pqxx::transaction_base&) { throw std::runtime_error("backfill found no rows"); };
  RevisionChain chain(builder.registry());
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.file(), "0001_t.cpp");
    EXPECT_EQ(error.statement(), "after_upgrade hook");
    EXPECT_EQ(error.message(), "backfill found no rows");
  }
  EXPECT_FALSE(exists("public.t"));
  EXPECT_TRUE(history_ids().empty());
}

TEST_F(ExecutorTest, TamperedChecksumIsRefusedAndStampRepairsIt) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::run_upgrade(*connection_, chain, "0002", options_);
  exec(R"(UPDATE "public"."strata_history" SET "checksum" = 'tampered' WHERE "revision" = '0001_tenants')");
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected ChecksumError";
  } catch (const ChecksumError& error) {
    EXPECT_EQ(error.revision(), "0001_tenants");
    EXPECT_EQ(error.stored(), "tampered");
    EXPECT_EQ(error.expected(), chain.at(0).checksum);
  }
  EXPECT_FALSE(exists("public.ix_tenants_region"));
  strata::StampResult stamped = strata::run_stamp(*connection_, chain, "0002", options_);
  EXPECT_EQ(stamped.repaired, (std::vector<std::string>{"0001_tenants"}));
  EXPECT_TRUE(stamped.added.empty());
  EXPECT_TRUE(stamped.removed.empty());
  strata::run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(history_ids().size(), 4u);
}

TEST_F(ExecutorTest, UnknownRevisionInTheDatabaseIsRefused) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::run_upgrade(*connection_, chain, "+1", options_);
  exec(R"(INSERT INTO "public"."strata_history" ("revision", "parent", "checksum", "duration_ms")
          VALUES ('0099_from_a_newer_build', '0001_tenants', 'x', 1))");
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected HistoryError";
  } catch (const ChecksumError&) {
    FAIL() << "expected a plain HistoryError";
  } catch (const HistoryError& error) {
    EXPECT_NE(std::string(error.what()).find("0099_from_a_newer_build"), std::string::npos) << error.what();
  }
  EXPECT_EQ(history_ids().size(), 2u);
  EXPECT_FALSE(exists("audit.events"));
}

TEST_F(ExecutorTest, StampRecordsAndRemovesWithoutRunningSql) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::StampResult head = strata::run_stamp(*connection_, chain, "head", options_);
  EXPECT_EQ(head.added.size(), 4u);
  EXPECT_EQ(history_ids().size(), 4u);
  EXPECT_FALSE(exists("public.tenants"));
  strata::StampResult back = strata::run_stamp(*connection_, chain, "0001", options_);
  EXPECT_EQ(back.removed, (std::vector<std::string>{"0002_audit_events", "0003_tenant_region", "0004_tenant_region_index"}));
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
  strata::run_stamp(*connection_, chain, "base", options_);
  EXPECT_TRUE(history_ids().empty());
}

// Three branches on 0001_init as `strata-gen merge` leaves them: 0002_a kept (created first),
// 0002_b and 0002_c renumbered after it, each recording its former id.
void add_merge_base(strata::test::RegistryBuilder& builder) {
  builder.add("0001_init", "", "CREATE TABLE accounts (id int PRIMARY KEY, name text);", "DROP TABLE accounts;");
}
void add_branch_a(strata::test::RegistryBuilder& builder) {
  builder.add("0002_a", "0001_init", "CREATE TABLE labels (id int PRIMARY KEY);", "DROP TABLE labels;");
}
strata::RevisionInfo& add_branch_b(strata::test::RegistryBuilder& builder, std::string_view id = "0002_b",
                                   std::string_view parent = "0001_init") {
  return builder.add(id, parent, "ALTER TABLE accounts ADD COLUMN region text;", "ALTER TABLE accounts DROP COLUMN region;");
}
const strata::Registry& merged_registry(strata::test::RegistryBuilder& builder) {
  add_merge_base(builder);
  add_branch_a(builder);
  add_branch_b(builder, "0003_b", "0002_a").replaces = "0002_b";
  builder.add("0004_c", "0003_b", "CREATE INDEX ix_accounts_name ON accounts (name);", "DROP INDEX ix_accounts_name;")
      .replaces = "0002_c";
  return builder.registry();
}

TEST_F(ExecutorTest, DatabaseOfARenumberedBranchUpgradesToTheMergedHead) {
  strata::test::RegistryBuilder before;
  add_merge_base(before);
  add_branch_b(before);
  strata::run_upgrade(*connection_, RevisionChain(before.registry()), "head", options_);
  exec("INSERT INTO accounts VALUES (1, NULL, NULL), (2, 'Zoë ☃', 'eu-west-1')");

  strata::test::RegistryBuilder after;
  RevisionChain merged(merged_registry(after));
  try {
    strata::run_downgrade(*connection_, merged, "base", options_);
    FAIL() << "a downgrade past a revision applied out of order was accepted";
  } catch (const TargetError& error) {
    EXPECT_NE(std::string(error.what()).find("0003_b is applied (recorded as 0002_b) ahead of 0002_a"),
              std::string::npos)
        << error.what();
  }
  strata::Plan plan = strata::run_upgrade(*connection_, merged, "head", options_);
  EXPECT_EQ(plan.steps.size(), 3u);
  EXPECT_NE(progress_.str().find("0003_b (applied already as 0002_b: history row rewritten)"), std::string::npos)
      << progress_.str();
  EXPECT_TRUE(exists("public.labels"));
  EXPECT_TRUE(exists("public.ix_accounts_name"));
  EXPECT_EQ(scalar("SELECT string_agg(coalesce(name, '-') || '/' || coalesce(region, '-'), ',' ORDER BY id) FROM accounts"),
            "-/-,Zoë ☃/eu-west-1");
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_init", "0002_a", "0003_b", "0004_c"}));
  std::vector<HistoryRow> rows = strata::load_history(*connection_, strata::HistoryTable{});
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].checksum, merged.at(i).checksum) << rows[i].revision;
  EXPECT_TRUE(strata::run_upgrade(*connection_, merged, "head", options_).steps.empty());
  strata::run_downgrade(*connection_, merged, "base", options_);
  EXPECT_FALSE(exists("public.accounts"));
}

TEST_F(ExecutorTest, DatabaseOfTheKeptBranchUpgradesToTheMergedHead) {
  strata::test::RegistryBuilder before;
  add_merge_base(before);
  add_branch_a(before);
  strata::run_upgrade(*connection_, RevisionChain(before.registry()), "head", options_);
  strata::test::RegistryBuilder after;
  RevisionChain merged(merged_registry(after));
  EXPECT_EQ(strata::run_upgrade(*connection_, merged, "head", options_).steps.size(), 2u);
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_init", "0002_a", "0003_b", "0004_c"}));
}

// `strata-gen squash --upto 0003_c`: one baseline with 0003_c's id replacing 0001..0003.
TEST_F(ExecutorTest, SquashedHistoryGoesOnAndADatabaseInsideTheRangeIsRefused) {
  strata::test::RegistryBuilder before;
  before.add("0001_a", "", "CREATE TABLE a (id int);", "DROP TABLE a;");
  before.add("0002_b", "0001_a", "CREATE TABLE b (id int);", "DROP TABLE b;");
  before.add("0003_c", "0002_b", "CREATE TABLE c (id int);", "DROP TABLE c;");
  strata::test::RegistryBuilder squashed;
  squashed.add("0003_c", "", "CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int);",
               "DROP TABLE c; DROP TABLE b; DROP TABLE a;")
      .replaces = "0001_a 0002_b 0003_c";
  squashed.add("0004_d", "0003_c", "CREATE TABLE d (id int);", "DROP TABLE d;");
  RevisionChain after(squashed.registry());

  strata::run_upgrade(*connection_, RevisionChain(before.registry()), "head", options_);
  strata::run_upgrade(*connection_, after, "head", options_);
  EXPECT_TRUE(exists("public.d"));
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0003_c", "0004_d"}));
  strata::run_downgrade(*connection_, after, "base", options_);
  EXPECT_FALSE(exists("public.a"));
  EXPECT_TRUE(history_ids().empty());

  strata::run_upgrade(*connection_, RevisionChain(before.registry()), "0002", options_);
  try {
    strata::run_upgrade(*connection_, after, "head", options_);
    FAIL() << "a database inside the squashed range was upgraded";
  } catch (const HistoryError& error) {
    EXPECT_NE(std::string(error.what()).find("stopped inside the squashed range. Upgrade it to 0003_c"),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(exists("public.c"));
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_a", "0002_b"}));
}

TEST_F(ExecutorTest, ReadingHistoryDoesNotCreateTheTable) {
  EXPECT_TRUE(strata::load_history(*connection_, strata::HistoryTable{}).empty());
  EXPECT_FALSE(exists("public.strata_history"));
}

TEST_F(ExecutorTest, LockTimeoutAppliesToEachRevision) {
  RevisionChain chain(strata::test::two_schema_registry());
  strata::run_upgrade(*connection_, chain, "0002", options_);
  // Another session holds a lock on tenants: 0003's ALTER TABLE must give up after the timeout.
  auto blocker = strata::connect_database(url_);
  pqxx::work holding(*blocker);
  holding.exec(R"(LOCK TABLE "public"."tenants" IN ACCESS SHARE MODE)");
  options_.lock_timeout = "200ms";
  auto started = std::chrono::steady_clock::now();
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.revision(), "0003_tenant_region");
    EXPECT_EQ(error.line(), 1u);
    EXPECT_NE(error.message().find("lock timeout"), std::string::npos) << error.message();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  holding.abort();
  EXPECT_EQ(history_ids().size(), 2u);
}

TEST_F(ExecutorTest, StatementTimeoutCancelsALongStatement) {
  connection_.reset();
  connection_ = strata::connect_database(url_ + "?options=-c%20strata_test.nap%3D5");
  RevisionChain chain(strata::test::sleepy_registry());
  options_.statement_timeout = "300ms";
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.revision(), "0002_nap");
    EXPECT_NE(error.message().find("statement timeout"), std::string::npos) << error.message();
  }
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants"}));
}

// A role, database or PGOPTIONS may turn standard_conforming_strings off; then 'C:\' in a
// revision would escape its closing quote. The migrator's session turns it back on.
TEST_F(ExecutorTest, SessionHasStandardConformingStringsOnWhateverTheServerSays) {
  connection_.reset();
  connection_ = strata::connect_database(url_ + "?options=-c%20standard_conforming_strings%3Doff");
  EXPECT_EQ(scalar("SHOW standard_conforming_strings"), "on");
  EXPECT_EQ(scalar("SELECT 'C:\\temp\\'"), "C:\\temp\\");
}

TEST_F(ExecutorTest, ConcurrentMigratorsApplyEachRevisionOnce) {
  RevisionChain chain(strata::test::sleepy_registry());
  constexpr int kMigrators = 4;
  std::vector<std::thread> threads;
  std::vector<std::size_t> steps_run(kMigrators, 0);
  std::vector<std::string> failures(kMigrators);
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      try {
        auto connection = strata::connect_database(url_ + "?options=-c%20strata_test.nap%3D0.3");
        ExecutorOptions quiet;
        steps_run[i] = strata::run_upgrade(*connection, chain, "head", quiet).steps.size();
      } catch (const std::exception& error) {
        failures[i] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::size_t total = 0;
  for (int i = 0; i < kMigrators; ++i) {
    EXPECT_EQ(failures[i], "") << "migrator " << i;
    EXPECT_TRUE(steps_run[i] == 0 || steps_run[i] == 3) << steps_run[i];
    total += steps_run[i];
  }
  EXPECT_EQ(total, 3u);  // one migrator did all the work, the others found it done
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_tenants", "0002_nap", "0003_after_nap"}));
}

// statement_timestamp() is the time the server received the message a statement came in: one
// value for every statement of a revision sent as one message (issue 18: one round trip per
// revision), one per statement when each is sent on its own.
constexpr std::string_view kStampingSql = R"sql(CREATE TABLE "public"."stamps" ("at" timestamptz NOT NULL);
INSERT INTO "public"."stamps" ("at") VALUES (statement_timestamp());
SELECT pg_sleep(0.05);
INSERT INTO "public"."stamps" ("at") VALUES (statement_timestamp());
)sql";

TEST_F(ExecutorTest, RevisionOfOneTransactionIsOneRoundTripAndRecordsItsServerTime) {
  strata::test::RegistryBuilder builder;
  builder.add("0001_stamps", "", kStampingSql, R"sql(DROP TABLE "public"."stamps";)sql");
  RevisionChain chain(builder.registry());
  strata::run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar(R"(SELECT count(DISTINCT "at") FROM "public"."stamps")"), "1");
  // The history row went in the same message: its duration is the server's, the sleep included.
  std::vector<HistoryRow> history = strata::load_history(*connection_, strata::HistoryTable{});
  ASSERT_EQ(history.size(), 1u);
  EXPECT_GE(history[0].duration_ms, 50);
  EXPECT_LT(history[0].duration_ms, 5000);
}

TEST_F(ExecutorTest, OnlineRevisionAndRevisionWithHooksRunStatementByStatement) {
  strata::test::RegistryBuilder builder;
  builder.add("0001_stamps", "", kStampingSql, R"sql(DROP TABLE "public"."stamps";)sql").online = true;
  builder.add("0002_hooked", "0001_stamps", R"sql(INSERT INTO "public"."stamps" ("at") VALUES (statement_timestamp());
SELECT pg_sleep(0.05);
INSERT INTO "public"."stamps" ("at") VALUES (statement_timestamp());
)sql",
              R"sql(DELETE FROM "public"."stamps";)sql")
      .after_upgrade = [](pqxx::transaction_base& tx) { tx.exec("SELECT 1"); };
  RevisionChain chain(builder.registry());
  strata::run_upgrade(*connection_, chain, "head", options_);
  EXPECT_EQ(scalar(R"(SELECT count(DISTINCT "at") FROM "public"."stamps")"), "4");
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_stamps", "0002_hooked"}));
}

// A revision sent as one message that fails is rolled back whole and run again statement by
// statement, so the error still names the statement, its line in the file and the revision, and
// nothing of it stays: not its first statements' changes to rows already there, not its history row.
TEST_F(ExecutorTest, FailureInARevisionOfOneMessageNamesTheStatementAndLeavesNothing) {
  strata::test::RegistryBuilder builder;
  builder.add("0001_notes", "", R"sql(CREATE TABLE "public"."notes" ("id" integer PRIMARY KEY, "body" text);
INSERT INTO "public"."notes" VALUES (1, NULL), (2, 'Grüße, 世界'), (3, repeat('x', 100000));
)sql",
              R"sql(DROP TABLE "public"."notes";)sql");
  builder.add("0002_notes_upper", "0001_notes", R"sql(UPDATE "public"."notes" SET "body" = upper("body");
ALTER TABLE "public"."notes"
  ADD COLUMN "size" integer
    NOT NULL DEFAULT 1 CHECK ("size" > 1);
)sql",
              R"sql(ALTER TABLE "public"."notes" DROP COLUMN "size";)sql");
  RevisionChain chain(builder.registry());
  try {
    strata::run_upgrade(*connection_, chain, "head", options_);
    FAIL() << "expected StmtExecError";
  } catch (const StmtExecError& error) {
    EXPECT_EQ(error.revision(), "0002_notes_upper");
    EXPECT_EQ(error.file(), "0002_notes_upper.up.sql");
    EXPECT_EQ(error.line(), 2u);
    EXPECT_EQ(error.statement().rfind("ALTER TABLE", 0), 0u) << error.statement();
    EXPECT_NE(error.message().find("check constraint"), std::string::npos) << error.message();
    EXPECT_FALSE(error.partially_applied());
  }
  EXPECT_EQ(history_ids(), (std::vector<std::string>{"0001_notes"}));
  EXPECT_EQ(scalar(R"(SELECT "body" FROM "public"."notes" WHERE "id" = 2)"), "Grüße, 世界");
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "public"."notes" WHERE "body" IS NULL)"), "1");
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'size')"), "0");
}

TEST_F(ExecutorTest, AdvisoryLockKeyDependsOnTheRegistryName) {
  EXPECT_EQ(strata::advisory_lock_key("automl_app"), strata::advisory_lock_key("automl_app"));
  EXPECT_NE(strata::advisory_lock_key("automl_app"), strata::advisory_lock_key("other_app"));
}

TEST(Timeouts, Validation) {
  EXPECT_TRUE(strata::is_valid_timeout("500"));
  EXPECT_TRUE(strata::is_valid_timeout("500ms"));
  EXPECT_TRUE(strata::is_valid_timeout("5s"));
  EXPECT_TRUE(strata::is_valid_timeout("2min"));
  EXPECT_FALSE(strata::is_valid_timeout("5 seconds; DROP TABLE x"));
  EXPECT_FALSE(strata::is_valid_timeout(""));
  EXPECT_FALSE(strata::is_valid_timeout("-1s"));
  // PostgreSQL's timeouts are ints of milliseconds: what does not fit is a usage error, not a
  // failed SET at run time.
  EXPECT_EQ(strata::duration_milliseconds("2min"), 120'000);
  EXPECT_EQ(strata::duration_milliseconds("1500us"), 1);
  EXPECT_EQ(strata::duration_milliseconds("2147483647"), 2147483647);
  EXPECT_EQ(strata::duration_milliseconds("2147483648"), std::nullopt);
  EXPECT_EQ(strata::duration_milliseconds("25d"), std::nullopt);
  EXPECT_EQ(strata::duration_milliseconds("99999999999999999999s"), std::nullopt);
}

TEST(ConnectDatabase, UnreachableServerIsAConnectErrorWithoutThePassword) {
  try {
    strata::connect_database("postgresql://migrator:s3cretpw@127.0.0.1:1/nowhere?connect_timeout=5");
    FAIL() << "expected ConnectError";
  } catch (const strata::ConnectError& error) {
    std::string message = error.what();
    EXPECT_EQ(message.find("s3cretpw"), std::string::npos) << message;
    EXPECT_NE(message.find("cannot connect to host=127.0.0.1 port=1 dbname=nowhere user=migrator: "), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace

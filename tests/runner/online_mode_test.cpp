// Issue 13 (online mode) in the migrator, against a real throwaway PostgreSQL: the parts of an
// online revision run with lock_timeout; a part blocked by another session's lock times out, is
// retried with backoff and succeeds once the lock is released, or fails with exit 4 naming the
// blocking pid after --lock-retries; a concurrent index build that timed out leaves an INVALID
// index, dropped before the retry; a run stopped between NOT VALID and VALIDATE resumes and leaves
// no unvalidated constraint. Rows (NULLs, unicode, the longest values) survive every case.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "core/postgres_dialect.hpp"
#include "runner/executor.hpp"
#include "runner/revision_step.hpp"
#include "runner/migration_errors.hpp"
#include "runner/migrator_cli.hpp"
#include "runner/offline_script.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::PgCluster;
using test::RegistryBuilder;

constexpr const char* kAccounts =
    "CREATE TABLE \"public\".\"accounts\" (\"id\" bigint PRIMARY KEY, \"name\" text, \"email\" text);\n"
    "INSERT INTO \"public\".\"accounts\" VALUES (1, NULL, NULL), (2, 'Zoë ✓ 名前', 'z@example.com'),\n"
    "  (3, repeat('x', 10000), 'x@example.com');\n";

// What online mode generates for a check on an existing table (core/postgres_dialect.cpp).
constexpr const char* kOnlineCheck =
    "ALTER TABLE \"public\".\"accounts\" ADD CONSTRAINT \"ck_accounts_id\" CHECK (\"id\" > 0) NOT VALID;\n"
    "-- strata:step\n"
    "ALTER TABLE \"public\".\"accounts\" VALIDATE CONSTRAINT \"ck_accounts_id\";\n";
constexpr const char* kOnlineIndex =
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix_accounts_email\" ON \"public\".\"accounts\" (\"email\");\n";

class OnlineModeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = connect_database(url_);
    options_.progress = &progress_;
    options_.lock_timeout = "100ms";
  }
  void TearDown() override {
    if (blocker_thread_.joinable()) blocker_thread_.join();
    blocker_.reset();
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }
  std::string scalar(const std::string& sql) { return strata::test::query_scalar(*connection_, sql); }

  // Another session holding a lock on accounts in an open transaction: `statement` runs in it.
  // Returns its pid.
  std::string hold_lock(const std::string& statement) {
    blocker_ = std::make_unique<pqxx::connection>(url_);
    blocker_tx_ = std::make_unique<pqxx::work>(*blocker_);
    blocker_tx_->exec(statement);
    return blocker_tx_->exec("SELECT pg_backend_pid()")[0][0].as<std::string>();
  }
  // Ends the blocking transaction after `delay`, from another thread.
  void release_after(std::chrono::milliseconds delay) {
    blocker_thread_ = std::thread([this, delay] {
      std::this_thread::sleep_for(delay);
      blocker_tx_->commit();
      blocker_tx_.reset();
    });
  }
  void expect_rows_kept() {
    EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"accounts\""), "3");
    EXPECT_EQ(scalar("SELECT \"name\" FROM \"public\".\"accounts\" WHERE \"id\" = 2"), "Zoë ✓ 名前");
    EXPECT_EQ(scalar("SELECT length(\"name\") FROM \"public\".\"accounts\" WHERE \"id\" = 3"), "10000");
    EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"accounts\" WHERE \"name\" IS NULL"), "1");
  }

  RegistryBuilder builder_;
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::connection> blocker_;
  std::unique_ptr<pqxx::work> blocker_tx_;
  std::thread blocker_thread_;
  std::ostringstream progress_;
  ExecutorOptions options_;
};

TEST_F(OnlineModeTest, BlockedPartRetriesWithBackoffAndSucceedsOnceTheLockIsReleased) {
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_check", "0001_accounts", kOnlineCheck, "").online = true;
  RevisionChain chain(builder_.registry());
  run_upgrade(*connection_, chain, "0001_accounts", options_);
  const std::string pid = hold_lock("SELECT count(*) FROM \"public\".\"accounts\"");
  release_after(std::chrono::milliseconds(1200));
  run_upgrade(*connection_, chain, "head", options_);
  const std::string log = progress_.str();
  EXPECT_NE(log.find("lock_timeout (100ms) waiting for a lock held by pid " + pid), std::string::npos) << log;
  EXPECT_NE(log.find("retry 1/5 in 500 ms"), std::string::npos) << log;
  EXPECT_NE(log.find("retry 2/5 in 1000 ms"), std::string::npos) << log;
  EXPECT_NE(log.find("part 2/2: ALTER TABLE \"public\".\"accounts\" VALIDATE CONSTRAINT"), std::string::npos) << log;
  EXPECT_EQ(scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'ck_accounts_id'"), "t");
  expect_rows_kept();
}

TEST_F(OnlineModeTest, PartStillBlockedAfterTheRetriesExitsFourNamingTheBlockingPid) {
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_check", "0001_accounts", kOnlineCheck, "").online = true;
  const Registry& registry = builder_.registry();
  RevisionChain chain(registry);
  run_upgrade(*connection_, chain, "0001_accounts", options_);
  const std::string pid = hold_lock("SELECT count(*) FROM \"public\".\"accounts\"");
  std::ostringstream out, err;
  const auto started = std::chrono::steady_clock::now();
  const int status = run_migrator(
      registry, {"upgrade", "--url", url_, "--lock-timeout", "100ms", "--lock-retries", "2"}, out, err);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(status, 4) << err.str();
  EXPECT_NE(err.str().find("lock timeout (lock_timeout 100ms, 3 attempt(s), --lock-retries 2): the lock is held by pid " +
                           pid),
            std::string::npos)
      << err.str();
  // Three attempts of 100 ms and pauses of 0.5 s and 1 s between them.
  EXPECT_GE(elapsed, std::chrono::milliseconds(1500));
  blocker_tx_->commit();
  blocker_tx_.reset();
  // Nothing half-done: the NOT VALID part timed out and rolled back, the history says 0001.
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'ck_accounts_id'"), "0");
  expect_rows_kept();
}

TEST_F(OnlineModeTest, RunStoppedBetweenNotValidAndValidateResumesAndValidates) {
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_check", "0001_accounts",
               "ALTER TABLE \"public\".\"accounts\" ADD CONSTRAINT \"ck_accounts_email\" CHECK (\"email\" IS NOT NULL) "
               "NOT VALID;\n-- strata:step\n"
               "ALTER TABLE \"public\".\"accounts\" VALIDATE CONSTRAINT \"ck_accounts_email\";\n",
               "")
      .online = true;
  RevisionChain chain(builder_.registry());
  // Row 1's NULL email stops the run at VALIDATE, after the NOT VALID part committed.
  EXPECT_THROW(run_upgrade(*connection_, chain, "head", options_), StmtExecError);
  EXPECT_EQ(scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'ck_accounts_email'"), "f");
  EXPECT_EQ(scalar("SELECT partial_step FROM \"public\".\"strata_history\" WHERE revision = '0002_check'"), "1");
  strata::test::execute(*connection_, "UPDATE \"public\".\"accounts\" SET \"email\" = 'ü@example.com' WHERE \"id\" = 1");
  run_upgrade(*connection_, chain, "head", options_);
  EXPECT_NE(progress_.str().find("resuming after part 1"), std::string::npos) << progress_.str();
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"), "0");
  expect_rows_kept();
}

TEST_F(OnlineModeTest, ConcurrentIndexBuildThatTimedOutIsDroppedAndBuiltAgain) {
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_index", "0001_accounts", kOnlineIndex, "").online = true;
  RevisionChain chain(builder_.registry());
  run_upgrade(*connection_, chain, "0001_accounts", options_);
  // A writer's open transaction: the build waits for it to end after creating the index entry.
  hold_lock("INSERT INTO \"public\".\"accounts\" VALUES (4, 'late', NULL)");
  release_after(std::chrono::milliseconds(1200));
  run_upgrade(*connection_, chain, "head", options_);
  const std::string log = progress_.str();
  EXPECT_NE(log.find("retry 1/5"), std::string::npos) << log;
  EXPECT_NE(log.find("dropping the INVALID index public.ix_accounts_email"), std::string::npos) << log;
  EXPECT_EQ(scalar("SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'public.accounts'::regclass"), "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"accounts\""), "4");
}

// The revision file of online statements, with their marker lines (as strata-gen writes them).
std::string online_sql(const Operation& op) {
  std::string sql;
  for (const Statement& statement : render_online(op)) {
    if (statement.starts_step) sql += std::string(kStepMarker) + (statement.batched ? " backfill" : "") + "\n";
    sql += statement.sql + ";\n";
  }
  return sql;
}

// A batch holds the row locks of what it fills until it commits, and a writer updating one of
// those rows waits for that (bench/online: 10 000-row batches kept writers waiting 0.5 s). With
// rows slow to fill, the batches shrink so that none holds its locks much longer than 20 ms,
// whatever --batch-size allows.
TEST_F(OnlineModeTest, BackfillBatchesShrinkWhenRowsAreSlowToFill) {
  AddColumn add{"public", "slow", Column{.name = "token", .type = "uuid", .nullable = false, .default_expr = "gen_random_uuid()"}, {}};
  builder_.add("0001_slow", "", R"sql(CREATE TABLE "public"."slow" ("id" integer PRIMARY KEY);
CREATE TABLE "public"."fills" ("txid" bigint NOT NULL);
CREATE FUNCTION "public"."slow_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_sleep(0.002);
  INSERT INTO "public"."fills" VALUES (txid_current());
  RETURN NEW;
END $$;
CREATE TRIGGER "slow_fill" BEFORE UPDATE ON "public"."slow" FOR EACH ROW EXECUTE FUNCTION "public"."slow_fill"();
INSERT INTO "public"."slow" SELECT g FROM generate_series(1, 300) AS g;
)sql",
               R"sql(DROP TABLE "public"."slow"; DROP TABLE "public"."fills"; DROP FUNCTION "public"."slow_fill"();)sql");
  builder_.add("0002_token", "0001_slow", online_sql(add), online_sql(reverse(Operation(add)))).online = true;
  RevisionChain chain(builder_.registry());
  run_upgrade(*connection_, chain, "head", options_);  // --batch-size 10 000: one batch could fill all 300
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"slow\" WHERE \"token\" IS NOT NULL"), "300");
  // The first batch fills 100 rows (0.2 s here), the next ones what fits in 20 ms.
  EXPECT_EQ(scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM \"public\".\"fills\" GROUP BY \"txid\") AS b"), "100");
  EXPECT_GE(std::stoi(scalar("SELECT count(DISTINCT \"txid\") FROM \"public\".\"fills\"")), 10);
}

TEST_F(OnlineModeTest, NotNullColumnWithAVolatileDefaultIsBackfilledInBatches) {
  AddColumn add{"public", "accounts", Column{.name = "token", .type = "uuid", .nullable = false, .default_expr = "gen_random_uuid()"}, {}};
  const std::string sql = online_sql(add);
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_token", "0001_accounts", sql, online_sql(reverse(Operation(add)))).online = true;
  RevisionChain chain(builder_.registry());
  options_.batch_size = 2;
  run_upgrade(*connection_, chain, "head", options_);
  const std::string log = progress_.str();
  EXPECT_NE(log.find("backfill: 2/3 rows, "), std::string::npos) << log;
  EXPECT_NE(log.find("backfill: 3/3 rows, "), std::string::npos) << log;
  EXPECT_EQ(scalar("SELECT count(DISTINCT \"token\") FROM \"public\".\"accounts\""), "3");
  EXPECT_EQ(scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.accounts'::regclass AND attname = 'token'"),
            "t");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'public.accounts'::regclass"), "0");
  expect_rows_kept();
  // New rows take the default.
  strata::test::execute(*connection_, "INSERT INTO \"public\".\"accounts\" (\"id\") VALUES (9)");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"accounts\" WHERE \"token\" IS NULL"), "0");
  // The offline script runs the same batches in a DO block that commits after each.
  const std::string script = render_offline_script(chain, plan_upgrade(chain, 1, "head"), options_);
  EXPECT_NE(script.find("SET strata.batch_size = '2';\nDO $strata_backfill$"), std::string::npos) << script;
  EXPECT_NE(script.find("    EXIT WHEN NOT FOUND;\n    COMMIT;\n"), std::string::npos) << script;
}

TEST_F(OnlineModeTest, OfflineScriptSetsTheOnlineLockTimeoutForEveryPart) {
  builder_.add("0001_accounts", "", kAccounts, "DROP TABLE \"public\".\"accounts\";\n");
  builder_.add("0002_check", "0001_accounts", kOnlineCheck, "").online = true;
  RevisionChain chain(builder_.registry());
  ExecutorOptions defaults;
  const std::string script = render_offline_script(chain, plan_upgrade(chain, 0, "head"), defaults);
  const std::size_t online = script.find("upgrade 0002_check");
  ASSERT_NE(online, std::string::npos) << script;
  // 0001 is not online: no timeout; 0002's two parts each set 2 s.
  EXPECT_EQ(script.substr(0, online).find("lock_timeout"), std::string::npos) << script;
  std::size_t count = 0;
  for (std::size_t at = script.find("SET LOCAL lock_timeout = '2s';", online); at != std::string::npos;
       at = script.find("SET LOCAL lock_timeout = '2s';", at + 1))
    ++count;
  EXPECT_EQ(count, 2u) << script;
  EXPECT_LT(script.find("SET LOCAL lock_timeout"), script.find("VALIDATE CONSTRAINT")) << script;
}

}  // namespace
}  // namespace strata

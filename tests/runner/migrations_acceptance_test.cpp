// Acceptance on the project's own migrations/: the real generated registry (generated/registry.cpp,
// every revision of migrations/ compiled in) against a real throwaway PostgreSQL. Every revision
// is walked up and down one step at a time and the live schema must equal that revision's
// embedded snapshot each time; the offline `--sql` script run through psql must leave the same
// schema and history as an online upgrade; drift made by hand must be reported by `check`.
// New revisions are covered as they are generated: nothing here names one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/expression_normalizer.hpp"
#include "catalog/schema_inspector.hpp"
#include "catalog/sql_object_catalog.hpp"
#include "core/sha256.hpp"
#include "core/snapshot.hpp"
#include "runner/drift_check.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator_cli.hpp"
#include "strata/revision.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/support/env_override.hpp"
#include "tests/support/pg_cluster.hpp"

namespace strata {
namespace {

using test::PgCluster;
using testing::EnvOverride;

const std::string kHistory = std::string(kHistorySchema) + "." + std::string(kHistoryTable);

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

struct MigratorRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The migrator's command line in-process, over the real registry.
MigratorRun migrator(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  MigratorRun run;
  run.exit_code = run_migrator(registry(), args, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string describe(const MigratorRun& run) { return "stdout:\n" + run.out + "\nstderr:\n" + run.err; }

// The schema at head, as embedded in the migrator (migrations/snapshot.json).
ModelGraph head_snapshot() { return read_snapshot(registry().head_snapshot_json); }

// Every schema the head snapshot names, plus public (where the history table lives): the
// inspection covers them all, so a schema or table a step should have removed shows up.
std::vector<std::string> managed_schemas() {
  std::set<std::string> names{"public"};
  for (const Schema& schema : head_snapshot().schemas) names.insert(schema.name);
  return {names.begin(), names.end()};
}

// The live schema, without the history table. `public` exists in every database before any
// migration, so when it is empty and the expectation does not name it, it is not a difference.
ModelGraph live_schema(pqxx::connection& connection, const ModelGraph& expected) {
  ModelGraph live = inspect_schemas(connection, managed_schemas(), {kHistory});
  inspect_sql_objects(connection, managed_schemas(), live);
  take_dependencies(live, expected);
  if (expected.find_schema("public") == nullptr) {
    const Schema* pub = live.find_schema("public");
    if (pub != nullptr && pub->tables.empty() && pub->enums.empty() && pub->sql_objects.empty()) {
      live.schemas.erase(std::find_if(live.schemas.begin(), live.schemas.end(),
                                      [](const Schema& schema) { return schema.name == "public"; }));
    }
  }
  return live;
}

// The expected graph with its expressions in the server's spelling; the database must be at the
// state the graph describes (its enums exist), else an expression stays as written and differs.
ModelGraph expected_schema(pqxx::connection& connection, const ModelGraph& snapshot) {
  return normalize_sql_objects(connection, normalize_expressions(connection, snapshot));
}

std::vector<std::string> history_ids(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::string> ids;
  for (const HistoryRow& row : read_history(tx, HistoryTable{})) ids.push_back(row.revision);
  return ids;
}

std::vector<std::pair<std::string, std::string>> history_checksums(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const HistoryRow& row : read_history(tx, HistoryTable{})) rows.emplace_back(row.revision, row.checksum);
  return rows;
}

std::vector<std::string> ids_up_to(std::size_t count) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < count; ++i) ids.emplace_back(registry().revisions[i].info->id);
  return ids;
}

class MigrationsAcceptanceTest : public ::testing::Test {
 protected:
  void SetUp() override { url_ = new_database(); }
  void TearDown() override {
    connections_.clear();
    for (const std::string& url : databases_) PgCluster::shared().drop_database(url);
  }

  std::string new_database() { return databases_.emplace_back(PgCluster::shared().create_database()); }
  pqxx::connection& connect(const std::string& url) {
    return *connections_.emplace_back(std::make_unique<pqxx::connection>(url));
  }
  void exec(pqxx::connection& connection, const std::string& sql) {
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
  }

  // The live schema equals `snapshot` (expressions normalized by the server), else a failure
  // naming `where` and showing both sides as snapshot text.
  void expect_schema_is(pqxx::connection& connection, const ModelGraph& snapshot, const std::string& where) {
    const ModelGraph expected = expected_schema(connection, snapshot);
    const ModelGraph live = live_schema(connection, expected);
    EXPECT_EQ(write_snapshot(live), write_snapshot(expected)) << where;
  }

  std::string url_;
  std::vector<std::string> databases_;
  std::vector<std::unique_ptr<pqxx::connection>> connections_;
};

TEST_F(MigrationsAcceptanceTest, RegistryHasRevisionsInParentOrder) {
  const Registry& set = registry();
  ASSERT_GT(set.count, 0u) << "the project's registry holds no revision";
  EXPECT_EQ(set.revisions[0].info->parent, "");
  for (std::size_t i = 1; i < set.count; ++i) {
    EXPECT_EQ(set.revisions[i].info->parent, set.revisions[i - 1].info->id) << set.revisions[i].info->id;
  }
  EXPECT_EQ(sha256_hex(set.head_snapshot_json), set.revisions[set.count - 1].info->snapshot_hash)
      << "the embedded head snapshot is not the one the head revision leads to";
}

// Each step up then down gives back exactly the schema before it, each step up again exactly the
// schema after it, and at head the schema is the embedded snapshot. (Only the head snapshot is
// embedded: every revision's would grow the migrator quadratically.)
TEST_F(MigrationsAcceptanceTest, EveryRevisionUpAndDownOneStepMatchesItsSnapshot) {
  pqxx::connection& db = connect(url_);
  const Registry& set = registry();
  expect_schema_is(db, ModelGraph{}, "empty database before any migration");

  for (std::size_t i = 0; i < set.count; ++i) {
    const Revision& revision = set.revisions[i];
    const std::string id{revision.info->id};
    SCOPED_TRACE("revision " + id);
    const ModelGraph before = inspect_schemas(db, managed_schemas(), {kHistory});

    MigratorRun up = migrator({"--url", url_, "upgrade", "+1"});
    ASSERT_EQ(up.exit_code, 0) << describe(up);
    EXPECT_EQ(history_ids(db), ids_up_to(i + 1));
    const ModelGraph after = inspect_schemas(db, managed_schemas(), {kHistory});
    EXPECT_NE(write_snapshot(after), write_snapshot(before)) << id << " changed nothing";

    MigratorRun down = migrator({"--url", url_, "downgrade", "-1"});
    ASSERT_EQ(down.exit_code, 0) << describe(down);
    EXPECT_EQ(history_ids(db), ids_up_to(i));
    EXPECT_EQ(write_snapshot(inspect_schemas(db, managed_schemas(), {kHistory})), write_snapshot(before))
        << "after downgrading " << id;
    if (i == 0) {
      // At base nothing of the models is left: no owned table or enum, no schema they created.
      const ModelGraph live = inspect_schemas(db, managed_schemas(), {kHistory});
      for (const Schema& schema : live.schemas) {
        EXPECT_EQ(schema.name, "public") << "schema " << schema.name << " left at base";
        EXPECT_TRUE(schema.tables.empty()) << schema.name << " still has tables at base";
        EXPECT_TRUE(schema.enums.empty()) << schema.name << " still has enums at base";
      }
    }

    MigratorRun again = migrator({"--url", url_, "upgrade", "+1"});
    ASSERT_EQ(again.exit_code, 0) << describe(again);
    EXPECT_EQ(write_snapshot(inspect_schemas(db, managed_schemas(), {kHistory})), write_snapshot(after))
        << "after upgrading to " << id << " a second time";
  }

  EXPECT_EQ(history_ids(db), ids_up_to(set.count));
  MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, exit_status::kOk) << describe(check);
  EXPECT_EQ(check.out, "") << "check printed SQL at head with no drift";
  expect_schema_is(db, head_snapshot(), "at head");
  EXPECT_TRUE(check_drift(db, head_snapshot()).empty());

  MigratorRun current = migrator({"--url", url_, "current"});
  EXPECT_EQ(current.exit_code, 0) << describe(current);
  EXPECT_TRUE(contains(current.out, std::string(set.revisions[set.count - 1].info->id))) << current.out;
}

// `upgrade head --sql | psql -v ON_ERROR_STOP=1` and `upgrade head` leave the same database.
TEST_F(MigrationsAcceptanceTest, OfflineScriptThroughPsqlEqualsOnlineUpgrade) {
  MigratorRun script = migrator({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << describe(script);
  ASSERT_TRUE(contains(script.out, kHistoryTable)) << script.out;

  const std::filesystem::path script_path =
      std::filesystem::temp_directory_path() / ("strata_acceptance_" + std::to_string(::getpid()) + ".sql");
  {
    std::ofstream file(script_path, std::ios::binary);
    file << script.out;
  }
  const std::string offline_url = url_;
  const test::ProcessResult psql = test::run_process(
      {PgCluster::bin_dir() + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", offline_url, "-f", script_path.string()},
      {{"PGOPTIONS", test::Subprocess::kUnset}});
  std::filesystem::remove(script_path);
  ASSERT_EQ(psql.exit_code, 0) << "psql failed on the --sql script:\n" << psql.err;

  const std::string online_url = new_database();
  MigratorRun online = migrator({"--url", online_url, "upgrade", "head"});
  ASSERT_EQ(online.exit_code, 0) << describe(online);

  pqxx::connection& offline_db = connect(offline_url);
  pqxx::connection& online_db = connect(online_url);
  const std::vector<std::string> schemas = managed_schemas();
  const ModelGraph offline_schema = inspect_schemas(offline_db, schemas, {kHistory});
  const ModelGraph online_schema = inspect_schemas(online_db, schemas, {kHistory});
  EXPECT_EQ(write_snapshot(offline_schema), write_snapshot(online_schema));
  EXPECT_FALSE(online_schema.schemas.empty());

  const auto offline_history = history_checksums(offline_db);
  EXPECT_EQ(offline_history, history_checksums(online_db));
  ASSERT_EQ(offline_history.size(), registry().count);
  for (std::size_t i = 0; i < registry().count; ++i) {
    EXPECT_EQ(offline_history[i].first, registry().revisions[i].info->id);
    EXPECT_EQ(offline_history[i].second, registry().revisions[i].checksum);
  }

  // The database the script built is one the migrator accepts as up to date.
  MigratorRun check = migrator({"--url", offline_url, "check"});
  EXPECT_EQ(check.exit_code, exit_status::kOk) << describe(check);
}

// Hand-made drift on the real schema: each difference is named in `check`'s SQL; a table the
// models do not own is not a difference.
TEST_F(MigrationsAcceptanceTest, CheckReportsHandMadeDriftButNotUnrelatedTables) {
  MigratorRun up = migrator({"--url", url_, "upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << describe(up);
  const ModelGraph head = head_snapshot();

  // The first table with an index, and the first table of all.
  const Schema* indexed_schema = nullptr;
  const Table* indexed_table = nullptr;
  for (const Schema& schema : head.schemas) {
    for (const Table& table : schema.tables) {
      if (indexed_table == nullptr && !table.indexes.empty()) {
        indexed_schema = &schema;
        indexed_table = &table;
      }
    }
  }
  ASSERT_NE(indexed_table, nullptr) << "the head snapshot has no index to drop";
  const Schema* model_schema = nullptr;
  for (const Schema& schema : head.schemas) {
    if (!schema.tables.empty()) {
      model_schema = &schema;
      break;
    }
  }
  ASSERT_NE(model_schema, nullptr);
  const Table& model_table = model_schema->tables.front();
  const std::string index_name = indexed_table->indexes.front().name;
  const std::string extra_column = "added_by_hand";
  const std::string unrelated_table = "hand_made_unrelated";

  pqxx::connection& db = connect(url_);
  {
    pqxx::work tx(db);
    tx.exec("DROP INDEX " + tx.quote_name(indexed_schema->name) + "." + tx.quote_name(index_name));
    tx.exec("ALTER TABLE " + tx.quote_name(model_schema->name) + "." + tx.quote_name(model_table.name) +
            " ADD COLUMN " + tx.quote_name(extra_column) + " integer");
    tx.exec("CREATE TABLE " + tx.quote_name(model_schema->name) + "." + tx.quote_name(unrelated_table) +
            " (id integer PRIMARY KEY)");
    tx.commit();
  }

  MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, exit_status::kDifference) << describe(check);
  EXPECT_TRUE(contains(check.out, "\"" + index_name + "\"")) << check.out;
  EXPECT_TRUE(contains(check.out, "CREATE INDEX")) << check.out;
  EXPECT_TRUE(contains(check.out, "\"" + extra_column + "\"")) << check.out;
  EXPECT_TRUE(contains(check.out, "DROP COLUMN")) << check.out;
  EXPECT_FALSE(contains(check.out, unrelated_table)) << check.out;
  EXPECT_FALSE(contains(check.err, unrelated_table)) << check.err;

  const DriftReport report = check_drift(db, head);
  EXPECT_EQ(report.operations.size(), 2u) << report.sql();

  // The reported SQL repairs the drift, after which check passes again.
  exec(db, report.sql());
  MigratorRun after = migrator({"--url", url_, "check"});
  EXPECT_EQ(after.exit_code, exit_status::kOk) << describe(after);
}

// The seed models' tenant isolation and audit trail (issue 14), at head, on rows: an application
// role (no superuser, no BYPASSRLS) with app.tenant_id set sees only its tenant's rows, through
// the tables and the active_projects view; without the setting it sees none; an insert for
// another tenant is refused; every change is journaled in audit.audit_events, hash-chained.
TEST_F(MigrationsAcceptanceTest, SeedModelsIsolateTenantsAndJournalEveryChange) {
  MigratorRun up = migrator({"--url", url_, "upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << describe(up);
  pqxx::connection& db = connect(url_);
  const std::string acme = "11111111-1111-1111-1111-111111111111", zoe = "22222222-2222-2222-2222-222222222222";
  // Roles are cluster-wide: another test of this process may have made it.
  exec(db, "DO $$ BEGIN CREATE ROLE automl_app_user NOSUPERUSER NOBYPASSRLS; "
           "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  exec(db, "GRANT USAGE ON SCHEMA public TO automl_app_user; "
           "GRANT SELECT, INSERT, UPDATE, DELETE ON public.projects, public.users TO automl_app_user; "
           "GRANT SELECT ON public.tenants, public.active_projects TO automl_app_user");
  exec(db, "INSERT INTO public.tenants (id, slug, name) VALUES ('" + acme + "', 'acme', 'Acme'), ('" + zoe +
               "', 'zoe', 'Zoë ☃ GmbH')");
  exec(db, "INSERT INTO public.projects (tenant_id, name, slug, description) VALUES ('" + acme +
               "', 'churn', 'churn', NULL), ('" + acme + "', repeat('é', 255), 'long', repeat('x', 5000)), ('" + zoe +
               "', '東京', 'tokyo', 'secret')");
  // One statement as the application role with app.tenant_id = `tenant` (empty: not set).
  auto as_app = [&](const std::string& tenant, const std::string& sql) {
    pqxx::work tx(db);
    tx.exec("SET LOCAL ROLE automl_app_user");
    if (!tenant.empty()) tx.exec("SELECT set_config('app.tenant_id', " + tx.quote(tenant) + ", true)");
    const pqxx::row row = tx.exec1(sql);
    const std::string value = row[0].is_null() ? "NULL" : row[0].c_str();
    tx.commit();
    return value;
  };
  auto scalar = [&](const std::string& sql) {
    pqxx::work tx(db);
    const pqxx::row row = tx.exec1(sql);
    return std::string(row[0].is_null() ? "NULL" : row[0].c_str());
  };

  EXPECT_EQ(as_app(acme, "SELECT count(*) FROM public.projects"), "2");
  EXPECT_EQ(as_app(zoe, "SELECT string_agg(name || '@' || tenant_name, ',') FROM public.active_projects"),
            "東京@Zoë ☃ GmbH");
  EXPECT_EQ(as_app("", "SELECT count(*) FROM public.projects"), "0");
  EXPECT_THROW(as_app(acme, "INSERT INTO public.projects (tenant_id, name, slug) VALUES ('" + zoe +
                                "', 'x', 'x') RETURNING 1"),
               pqxx::sql_error);
  EXPECT_EQ(as_app(zoe, "SELECT count(*) FROM public.projects WHERE slug = 'x'"), "0");

  // The three inserts above were journaled (as the system: no app.user_id), then this update.
  EXPECT_EQ(scalar("SELECT count(*) FROM audit.audit_events"), "3");
  EXPECT_EQ(as_app(acme, "UPDATE public.projects SET description = 'Überarbeitet' WHERE slug = 'churn' RETURNING 1"),
            "1");
  EXPECT_EQ(scalar("SELECT event_type || '/' || tenant_id || '/' || actor_type || '/' || "
                   "(payload -> 'row' ->> 'description') FROM audit.audit_events ORDER BY id DESC LIMIT 1"),
            "projects.update/" + acme + "/system/Überarbeitet");
  EXPECT_EQ(scalar("SELECT bool_and(e.previous_hash = p.event_hash) FROM audit.audit_events e "
                   "JOIN audit.audit_events p ON p.id = (SELECT max(id) FROM audit.audit_events WHERE id < e.id)"),
            "t");
  // Rows of every tenant are still there for the superuser, and the schema is still head's.
  EXPECT_EQ(scalar("SELECT count(*) FROM public.projects"), "3");
  MigratorRun check = migrator({"--url", url_, "check"});
  EXPECT_EQ(check.exit_code, exit_status::kOk) << describe(check);
}

// What a user coming from Alembic types by habit gets a message that says what to do instead.
TEST_F(MigrationsAcceptanceTest, WrongDirectionStepsAndMissingUrlAreExplained) {
  MigratorRun up_back = migrator({"--url", url_, "upgrade", "-1"});
  EXPECT_EQ(up_back.exit_code, exit_status::kUsage) << describe(up_back);
  EXPECT_TRUE(contains(up_back.err, "did you mean `migrator downgrade -1`")) << up_back.err;

  MigratorRun down_forward = migrator({"--url", url_, "downgrade", "+1"});
  EXPECT_EQ(down_forward.exit_code, exit_status::kUsage) << describe(down_forward);
  EXPECT_TRUE(contains(down_forward.err, "did you mean `migrator upgrade +1`")) << down_forward.err;

  // A revision id is still a revision id: nothing was applied by the refused commands.
  pqxx::connection& db = connect(url_);
  EXPECT_TRUE(history_ids(db).empty());

  ASSERT_FALSE(registry().database_url_env.empty());
  const std::string env_name{registry().database_url_env};
  EnvOverride no_url(env_name, std::nullopt);
  EnvOverride host("PGHOST", "/nonexistent-strata-socket-dir");
  EnvOverride port("PGPORT", "1");
  MigratorRun current = migrator({"current"});
  EXPECT_EQ(current.exit_code, exit_status::kCannotConnect) << describe(current);
  EXPECT_TRUE(contains(current.err, "no --url was given and $" + env_name + " is not set")) << current.err;

  MigratorRun explicit_url = migrator({"--url", "postgresql://nobody@127.0.0.1:1/none", "current"});
  EXPECT_EQ(explicit_url.exit_code, exit_status::kCannotConnect) << describe(explicit_url);
  EXPECT_FALSE(contains(explicit_url.err, "no --url was given")) << explicit_url.err;
}

}  // namespace
}  // namespace strata

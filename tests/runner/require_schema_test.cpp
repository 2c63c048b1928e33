// The schema contract: generated/automl_app_schema.hpp (the AutoML set's, as committed) names the
// head of the real registry and its tables' columns usable in a libpqxx query, and
// strata::require_schema() passes at head and refuses a database one revision behind, naming both.
#include "strata/require_schema.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "automl_app_schema.hpp"
#include "runner/executor.hpp"
#include "runner/planner.hpp"
#include "tests/runner/test_registries.hpp"
#include "tests/support/pg_cluster.hpp"

namespace strata {
namespace {

using test::PgCluster;

class RequireSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override { url_ = PgCluster::shared().create_database(); }
  void TearDown() override { PgCluster::shared().drop_database(url_); }
  std::string url_;
};

TEST_F(RequireSchemaTest, TheGeneratedHeaderNamesTheRegistrysHeadAndItsColumnsWorkInAQuery) {
  const RevisionChain chain(registry());
  EXPECT_EQ(automl_app::head_revision, chain.head_id());
  EXPECT_EQ(automl_app::snapshot_hash, chain.at(chain.size() - 1).info->snapshot_hash);
  EXPECT_EQ(automl_app::contract.history_table, registry().history_table);

  pqxx::connection connection(url_);
  run_upgrade(connection, chain, "head", ExecutorOptions{});
  EXPECT_NO_THROW(require_schema(connection, automl_app::contract));

  namespace users = automl_app::public_::users;
  static_assert(users::columns::email == "email" && users::table == "users" && users::schema == "public");
  pqxx::work tx(connection);
  const pqxx::result rows = tx.exec("SELECT " + tx.quote_name(std::string(users::columns::email)) + " FROM " +
                                    std::string(users::qualified));
  EXPECT_EQ(rows.size(), 0u);
  EXPECT_EQ(automl_app::audit::gdpr_requests::qualified, "\"audit\".\"gdpr_requests\"");
}

TEST_F(RequireSchemaTest, AtHeadItPassesOneRevisionBehindItRefusesNamingBoth) {
  const RevisionChain chain(test::two_schema_registry());
  const SchemaContract contract{"two_schema", chain.head_id(), "", ""};
  pqxx::connection connection(url_);
  try {
    require_schema(connection, contract);
    FAIL() << "a database without history passed";
  } catch (const SchemaMismatchError& error) {
    EXPECT_EQ(error.database_revision(), "");
    EXPECT_NE(std::string(error.what()).find("at base"), std::string::npos) << error.what();
  }
  run_upgrade(connection, chain, "head", ExecutorOptions{});
  EXPECT_NO_THROW(require_schema(connection, contract));

  run_downgrade(connection, chain, "-1", ExecutorOptions{});
  try {
    require_schema(connection, contract);
    FAIL() << "a database one revision behind passed";
  } catch (const SchemaMismatchError& error) {
    EXPECT_EQ(error.database_revision(), "0003_tenant_region");
    EXPECT_EQ(error.required_revision(), "0004_tenant_region_index");
    EXPECT_NE(std::string(error.what()).find("the database is at revision 0003_tenant_region; this binary needs two_schema at "
                                             "revision 0004_tenant_region_index"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace strata

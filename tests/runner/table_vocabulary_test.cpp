// Issue 14, the table rows of the second vocabulary, on a real PostgreSQL 15: the roles case
// (roles with tenant_id NULL may not share a name: NULLS NOT DISTINCT), case-insensitive unique
// e-mails (lower(email)) that only count rows not soft-deleted (a partial unique index), a
// covering index with a direction, a gin index, a generated column and a composite foreign key.
// The revision runs up and down through the executor on tables holding rows (NULLs, unicode,
// the longest values); after each, `migrator check`'s drift check finds nothing, and the down
// restores the catalog and the rows.
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/drift_check.hpp"
#include "runner/executor.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using test::PgCluster;
using test::RegistryBuilder;

Column column(const std::string& name, const std::string& type, bool nullable = false) {
  Column c;
  c.name = name;
  c.type = type;
  c.nullable = nullable;
  return c;
}

ModelGraph base_graph() {
  ModelGraph g;
  Table roles;
  roles.name = "roles";
  roles.columns = {column("id", "bigint"), column("tenant_id", "bigint", true), column("name", "text")};
  roles.primary_key = {"pk_roles", {"id"}};
  roles.uniques = {{"uq_roles_tenant_name", {"tenant_id", "name"}}};
  Table users;
  users.name = "users";
  users.columns = {column("id", "bigint"),
                   column("tenant_id", "bigint"),
                   column("role_id", "bigint", true),
                   column("email", "character varying(254)"),
                   column("deleted_at", "timestamp with time zone", true),
                   column("created_at", "timestamp with time zone", true),
                   column("tags", "text[]", true),
                   column("price", "numeric(10,2)"),
                   column("qty", "integer")};
  users.primary_key = {"pk_users", {"id"}};
  g.schema("public").tables = {roles, users};
  g.canonicalize();
  return g;
}

ModelGraph vocabulary_graph() {
  ModelGraph g = base_graph();
  Table& roles = *g.find_table("public", "roles");
  roles.uniques = {{"uq_roles_tenant_name", {"tenant_id", "name"}, true}, {"uq_roles_id_tenant", {"id", "tenant_id"}}};
  Table& users = *g.find_table("public", "users");
  Column total = column("total", "numeric", true);
  total.generated = "price * qty";
  users.columns.push_back(total);
  Index email{"ux_users_lower_email", {"(lower(email))"}, true};  // the server spells it lower((email)::text)
  email.where = "deleted_at IS NULL";
  Index recent{"ix_users_tenant_created", {"tenant_id", "created_at DESC NULLS LAST"}, false};
  recent.include = {"email"};
  Index tags{"ix_users_tags", {"tags"}, false};
  tags.method = "gin";
  users.indexes = {email, recent, tags};
  ForeignKey role{"fk_users_role", {"role_id", "tenant_id"}, "public", "roles", {"id", "tenant_id"}};
  role.on_delete = FkAction::Cascade;
  users.foreign_keys = {role};
  g.canonicalize();
  return g;
}

constexpr const char* kRows = R"sql(
INSERT INTO "public"."roles" VALUES (1, NULL, 'admin'), (2, 1, 'admin'), (3, 2, 'admin'), (4, 1, 'ünïcode 😀'),
  (5, 1, repeat('r', 2000));
INSERT INTO "public"."users"
SELECT g, 1 + g % 2, CASE WHEN g % 3 = 0 THEN NULL ELSE 2 + g % 2 END,  -- tenant 1: role 2, tenant 2: role 3
  CASE WHEN g % 50 = 0 THEN 'User' || g || '@Example.org' ELSE 'user' || g || '@example.org' END,
  NULL, CASE g % 4 WHEN 0 THEN NULL ELSE '2024-05-01'::timestamptz + g * interval '1 min' END,
  CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN '{}' ELSE ARRAY['x', 'ü' || g] END,
  99999999.99, g % 7
FROM generate_series(1, 2000) g;
-- soft-deleted rows that share an address (any case) with a live one
INSERT INTO "public"."users" VALUES (2001, 1, NULL, 'USER1@example.org', now(), NULL, NULL, 0, 0),
  (2002, 1, NULL, 'user1@example.org', now(), NULL, NULL, 0, 0),
  (2003, 1, NULL, repeat('e', 242) || '@example.org', NULL, NULL, NULL, 1, 1);
)sql";

constexpr const char* kSchemaHash = R"sql(
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default, generation_expression) AS x
    FROM information_schema.columns WHERE table_schema = 'public'
  UNION ALL SELECT concat_ws(' ', conrelid::regclass, conname, pg_get_constraintdef(oid)) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
) s)sql";

constexpr const char* kDataHash = R"sql(
SELECT md5((SELECT string_agg(r::text, '|' ORDER BY id) FROM "public"."roles" r) ||
           (SELECT string_agg(ROW(id, tenant_id, role_id, email, deleted_at, created_at, tags, price, qty)::text, '|'
                              ORDER BY id) FROM "public"."users"))
)sql";

class TableVocabularyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = PgCluster::shared().create_database();
    connection_ = connect_database(url_);
    const std::vector<Operation> create = diff(ModelGraph{}, base_graph());
    const std::vector<Operation> change = diff(base_graph(), vocabulary_graph());
    registry_.add("0001_base", "", render_script(render(create)), render_script(render(reverse(create))));
    registry_.add("0002_vocabulary", "0001_base", render_script(render(change)), render_script(render(reverse(change))));
    chain_ = std::make_unique<RevisionChain>(registry_.registry());
    run_upgrade(*connection_, *chain_, "0001_base", options_);
    test::execute(*connection_, kRows);
  }
  void TearDown() override {
    chain_.reset();
    connection_.reset();
    PgCluster::shared().drop_database(url_);
  }

  std::string scalar(const std::string& sql) { return test::query_scalar(*connection_, sql); }
  // Whether `sql` is refused (its transaction rolled back).
  bool refused(const std::string& sql) {
    try {
      pqxx::work work(*connection_);
      work.exec(sql);
      work.commit();
      return false;
    } catch (const pqxx::sql_error&) {
      return true;
    }
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  RegistryBuilder registry_;
  std::unique_ptr<RevisionChain> chain_;
  ExecutorOptions options_;
};

TEST_F(TableVocabularyTest, UpAndDownOnRowsWithNoDriftEitherSide) {
  const std::string schema = scalar(kSchemaHash), data = scalar(kDataHash);
  EXPECT_TRUE(check_drift(*connection_, base_graph()).empty()) << check_drift(*connection_, base_graph()).sql();

  run_upgrade(*connection_, *chain_, "head", options_);
  const DriftReport after_up = check_drift(*connection_, vocabulary_graph());
  EXPECT_TRUE(after_up.empty()) << after_up.sql();
  EXPECT_EQ(scalar(kDataHash), data);
  EXPECT_EQ(scalar("SELECT total FROM \"public\".\"users\" WHERE id = 6"), "599999999.94");  // 99999999.99 * 6

  run_downgrade(*connection_, *chain_, "0001_base", options_);
  EXPECT_EQ(scalar(kSchemaHash), schema);
  EXPECT_EQ(scalar(kDataHash), data);
  const DriftReport after_down = check_drift(*connection_, base_graph());
  EXPECT_TRUE(after_down.empty()) << after_down.sql();
}

TEST_F(TableVocabularyTest, TheNewKeysHoldWhatTheyPromise) {
  // Before: a second tenant-less 'admin' and a live address differing in case are accepted.
  EXPECT_FALSE(refused("INSERT INTO \"public\".\"roles\" VALUES (10, NULL, 'admin')"));
  EXPECT_FALSE(refused("DELETE FROM \"public\".\"roles\" WHERE id = 10"));
  run_upgrade(*connection_, *chain_, "head", options_);
  // Roles with tenant_id NULL may not share a name (NULLS NOT DISTINCT).
  EXPECT_TRUE(refused("INSERT INTO \"public\".\"roles\" VALUES (10, NULL, 'admin')"));
  EXPECT_FALSE(refused("INSERT INTO \"public\".\"roles\" VALUES (11, NULL, 'auditor')"));
  // One live account per address, whatever its case; soft-deleted rows do not count.
  EXPECT_TRUE(refused("INSERT INTO \"public\".\"users\" VALUES (3000, 1, NULL, 'USER7@EXAMPLE.ORG', NULL, NULL, NULL, 0, 0)"));
  EXPECT_FALSE(refused(
      "INSERT INTO \"public\".\"users\" VALUES (3001, 1, NULL, 'User7@example.org', now(), NULL, NULL, 0, 0)"));
  // The composite foreign key: a role of another tenant is refused, deleting a role cascades.
  EXPECT_TRUE(refused("UPDATE \"public\".\"users\" SET role_id = 3 WHERE id = 2"));  // user 2: tenant 1; role 3: tenant 2
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"users\" WHERE role_id = 3"), "667");
  EXPECT_FALSE(refused("DELETE FROM \"public\".\"roles\" WHERE id = 3"));
  EXPECT_EQ(scalar("SELECT count(*) FROM \"public\".\"users\" WHERE role_id = 3"), "0");
}

}  // namespace
}  // namespace strata

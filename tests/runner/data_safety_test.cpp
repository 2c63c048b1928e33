// Issue 10, "never lose a row, never half-apply", on a real PostgreSQL 15: revisions built in
// memory (diff of two graphs, rendered by the real dialect) and run by the real executor on a
// table of 10,000 rows holding NULLs, the longest values, unicode and each type's extremes.
//
// The matrix: for every operation kind the diff can emit, up then down keeps every surviving
// column byte for byte (md5 of the ordered rows) and restores the schema; where the data cannot
// fit, the revision fails and leaves schema, data and history as they were.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "runner/executor.hpp"
#include "runner/migration_errors.hpp"
#include "tests/core/model_graph_builder.hpp"
#include "tests/runner/registry_builder.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"

namespace strata {
namespace {

using testing::add;
using testing::add_enum;
using testing::column;
using test::PgCluster;
using test::RegistryBuilder;

const std::string kStatus = "\"public\".\"status\"";

// p(id) <- t(grp); t holds one column per family the conversions care about.
// A view on p (issue 14, SQL_OBJECTS); the matrix replaces it by changing its WHERE.
SqlObject p_view(const std::string& where) {
  return {SqlObjectKind::View, "p_named", "", "VIEW public.p_named AS SELECT id, name FROM public.p WHERE " + where,
          {"public.p"}};
}

ModelGraph base_graph() {
  ModelGraph g;
  add_enum(g, "public", EnumType{"status", {"a", "b", "c"}});
  Table p;
  p.name = "p";
  p.columns = {column("id", "bigint"), column("name", "text", true)};
  p.primary_key = {"pk_p", {"id"}};
  add(g, "public", p);
  g.schema("public").sql_objects = {p_view("id >= 0")};
  Table t;
  t.name = "t";
  t.columns = {column("pk", "bigint"),
               column("v16", "character varying(16)", true),
               column("txt", "text", true),
               column("lbl", "text", true),
               column("i2", "smallint", true),
               column("i4", "integer", true),
               column("i8", "bigint", true),
               column("num", "numeric(12,4)", true),
               column("dbl", "double precision", true),
               column("flag", "boolean", true),
               column("ts", "timestamp with time zone", true),
               column("st", kStatus, true),
               column("tags", "text[]", true),
               column("data", "bytea", true),
               column("nn", "integer"),
               column("grp", "bigint", true)};
  t.primary_key = {"pk_t", {"pk"}};
  t.indexes = {{"ix_t_v16", {"v16"}, false}};
  add(g, "public", t);
  return g;
}

const char* const kBaseColumns[] = {"pk", "v16", "txt", "lbl",   "i2",   "i4",   "i8", "num",
                                    "dbl", "flag", "ts", "st", "tags", "data", "nn", "grp"};

// Every fourth value or so is NULL; the others cycle through the longest values, unicode and the
// extremes of each type.
constexpr const char* kLoadRows = R"sql(
INSERT INTO "public"."p" SELECT g, 'group ' || g FROM generate_series(0, 9) g;
INSERT INTO "public"."t"
SELECT g,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN repeat('ü', 16) WHEN 2 THEN 'en-GB-oxendict' ELSE 'k' || g END,
  CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN repeat('€😀', 500) ELSE E'line\nquote''"\\ ' || g END,
  CASE g % 4 WHEN 0 THEN NULL ELSE (ARRAY['a', 'b', 'c'])[g % 3 + 1] END,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN -32768 WHEN 2 THEN 32767 ELSE g % 1000 END,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN -2147483648 WHEN 2 THEN 2147483647 ELSE g END,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN -9223372036854775808 WHEN 2 THEN 9223372036854775807 ELSE g END,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN 99999999.9999 WHEN 2 THEN -99999999.9999 ELSE round(g / 7.0, 4) END,
  CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN 'Infinity'::float8 WHEN 2 THEN -1.7976931348623157e308
             WHEN 3 THEN 'NaN'::float8 ELSE g * 0.1 END,
  CASE g % 3 WHEN 0 THEN NULL ELSE g % 2 = 0 END,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN '4713-01-01 00:00:00+00 BC'::timestamptz
             WHEN 2 THEN '294276-12-31 23:59:59.999999+00'::timestamptz ELSE '2024-05-01'::timestamptz + g * interval '1 min' END,
  CASE g % 4 WHEN 0 THEN NULL ELSE (ARRAY['a', 'b', 'c'])[g % 3 + 1]::"public"."status" END,
  CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN '{}' ELSE ARRAY['x', NULL, 'ü' || g] END,
  CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN '\x00ff'::bytea ELSE convert_to(repeat('z', 100), 'UTF8') END,
  g,
  CASE g % 7 WHEN 0 THEN NULL ELSE g % 10 END
FROM generate_series(1, 10000) g;
)sql";

// Columns, constraints, indexes and enum labels of the database, as one hash.
constexpr const char* kSchemaHash = R"sql(
SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
  SELECT concat_ws(' ', table_schema, table_name, column_name, data_type, udt_schema, udt_name,
                   character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default,
                   is_identity) AS x
    FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT concat_ws(' ', conrelid::regclass, conname, pg_get_constraintdef(oid)) FROM pg_constraint
    WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT concat_ws(' ', enumtypid::regtype, enumlabel, enumsortorder) FROM pg_enum
  UNION ALL SELECT concat_ws(' ', objoid::regclass, objsubid, description) FROM pg_description
    WHERE classoid = 'pg_class'::regclass AND objoid >= 16384
) s)sql";

struct Migration {
  std::string up;
  std::string down;
};

Migration migration(const ModelGraph& from, const ModelGraph& to, const RenameHints& hints = {}) {
  const std::vector<Operation> ops = diff(from, to, hints);
  return {render_script(render(ops)), render_script(render(reverse(ops)))};
}

enum class Outcome {
  Kept,         // up then down keeps every surviving column and restores the schema
  UpRefused,    // the up revision fails: nothing changes
  DownRefused,  // up succeeds; after `before_down`, the down revision fails: nothing changes
};

struct Change {
  std::string name;
  std::function<void(ModelGraph& after, RenameHints& hints)> apply;
  Outcome outcome = Outcome::Kept;
  std::set<std::string> lost_columns = {};  // dropped by up: down brings them back empty
  std::string before_down = {};
};

class DataSafetyTest : public ::testing::Test {
 protected:
  void TearDown() override { close(); }

  // A fresh database holding revision 0001 (the base graph) and the rows; 0002 is `change`.
  void open(const ModelGraph& base, const ModelGraph& after, const RenameHints& hints = {}) {
    url_ = PgCluster::shared().create_database();
    connection_ = connect_database(url_);
    registry_ = std::make_unique<RegistryBuilder>();
    const Migration create = migration(ModelGraph{}, base);
    const Migration change = migration(base, after, hints);
    registry_->add("0001_base", "", create.up, create.down);
    registry_->add("0002_change", "0001_base", change.up, change.down);
    chain_ = std::make_unique<RevisionChain>(registry_->registry());
    run_upgrade(*connection_, *chain_, "0001_base", options_);
    exec(kLoadRows);
  }
  void close() {
    if (url_.empty()) return;
    chain_.reset();
    connection_.reset();
    PgCluster::shared().drop_database(url_);
    url_.clear();
  }

  void up() { run_upgrade(*connection_, *chain_, "head", options_); }
  void down() { run_downgrade(*connection_, *chain_, "-1", options_); }

  std::string scalar(const std::string& sql) { return strata::test::query_scalar(*connection_, sql); }
  void exec(const std::string& sql) { strata::test::execute(*connection_, sql); }
  std::vector<std::string> history() {
    std::vector<std::string> ids;
    for (const HistoryRow& row : load_history(*connection_, HistoryTable{})) ids.push_back(row.revision);
    return ids;
  }
  // md5 of t's rows ordered by pk, over the base columns not in `lost`.
  std::string data_hash(const std::set<std::string>& lost = {}) {
    std::string columns;
    for (const char* c : kBaseColumns)
      if (!lost.count(c)) columns += (columns.empty() ? "" : ", ") + quote_identifier(c);
    return scalar("SELECT md5(string_agg(ROW(" + columns + ")::text, '|' ORDER BY \"pk\")) FROM \"public\".\"t\"") +
           scalar("SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM \"public\".\"p\" p");
  }
  std::string schema_hash() { return scalar(kSchemaHash); }

  // Runs `change` against the base graph and checks its outcome; returns the kinds it emitted
  // (its up and its down).
  std::set<std::string> check(const Change& change) {
    SCOPED_TRACE(change.name);
    const ModelGraph base = base_graph();
    ModelGraph after = base;
    RenameHints hints;
    change.apply(after, hints);
    after.canonicalize();
    std::set<std::string> kinds;
    const std::vector<Operation> ops = diff(base, after, hints);
    for (const Operation& op : ops) kinds.insert(kind_name(op));
    for (const Operation& op : reverse(ops)) kinds.insert(kind_name(op));

    open(base, after, hints);
    const std::string data = data_hash(change.lost_columns), schema = schema_hash();
    switch (change.outcome) {
      case Outcome::Kept:
        up();
        down();
        EXPECT_EQ(data_hash(change.lost_columns), data);
        EXPECT_EQ(schema_hash(), schema);
        EXPECT_EQ(history(), std::vector<std::string>{"0001_base"});
        break;
      case Outcome::UpRefused:
        EXPECT_THROW(up(), StmtExecError);
        EXPECT_EQ(data_hash(), data);
        EXPECT_EQ(schema_hash(), schema);
        EXPECT_EQ(history(), std::vector<std::string>{"0001_base"});
        break;
      case Outcome::DownRefused: {
        up();
        exec(change.before_down);
        const std::string data_up = data_hash(change.lost_columns), schema_up = schema_hash();
        EXPECT_THROW(down(), StmtExecError);
        EXPECT_EQ(data_hash(change.lost_columns), data_up);
        EXPECT_EQ(schema_hash(), schema_up);
        EXPECT_EQ(history(), (std::vector<std::string>{"0001_base", "0002_change"}));
        break;
      }
    }
    close();
    return kinds;
  }

  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<RegistryBuilder> registry_;
  std::unique_ptr<RevisionChain> chain_;
  ExecutorOptions options_;
};

Table& t_of(ModelGraph& g) { return *g.find_table("public", "t"); }
Column& col(ModelGraph& g, const std::string& name) { return *t_of(g).find_column(name); }
EnumType& status_of(ModelGraph& g) { return g.find_schema("public")->enums[0]; }

std::vector<Change> matrix() {
  return {
      {"create schema, table and enum",
       [](ModelGraph& g, RenameHints&) {
         g.schema("archive");
         add_enum(g, "archive", EnumType{"kind", {"x", "y"}});
         add(g, "archive", testing::table("items", {column("kind", "\"archive\".\"kind\"", true)}));
       }},
      {"add columns",
       [](ModelGraph& g, RenameHints&) {
         t_of(g).columns.push_back(column("note", "text", false, "'n'"));
         t_of(g).columns.push_back(column("extra", "character varying(8)", true));
       }},
      {"add enum label", [](ModelGraph& g, RenameHints&) { status_of(g).labels.push_back("d"); }},
      {"drop an enum label rows hold", [](ModelGraph& g, RenameHints&) { status_of(g).labels.pop_back(); },
       Outcome::UpRefused},
      {"rename table (its key and index follow)",
       [](ModelGraph& g, RenameHints& hints) {
         Table t = t_of(g);
         g.find_schema("public")->tables.erase(g.find_schema("public")->tables.begin() + 1);
         t.name = "t2";
         t.primary_key.name = "pk_t2";
         t.indexes[0].name = "ix_t2_v16";
         add(g, "public", t);
         hints.tables["public.t2"] = "t";
       }},
      {"move table to another schema and rename it (issue 14; its key and index follow)",
       [](ModelGraph& g, RenameHints& hints) {
         Table t = t_of(g);
         g.find_schema("public")->tables.erase(g.find_schema("public")->tables.begin() + 1);
         t.name = "t2";
         t.primary_key.name = "pk_t2";
         t.indexes[0].name = "ix_t2_v16";
         add(g, "archive", t);
         hints.tables["archive.t2"] = "public.t";
       }},
      {"drop column",
       [](ModelGraph& g, RenameHints&) {
         auto& columns = t_of(g).columns;
         columns.erase(columns.begin() + 2);  // txt
       },
       Outcome::Kept, {"txt"}},
      {"rename column (its index follows)",
       [](ModelGraph& g, RenameHints& hints) {
         col(g, "v16").name = "code";
         t_of(g).indexes[0] = {"ix_t_code", {"code"}, false};
         hints.columns["public.t.code"] = "v16";
       }},
      {"widen: smallint, integer, varchar(16), numeric(12,4)",
       [](ModelGraph& g, RenameHints&) {
         col(g, "i2").type = "integer";
         col(g, "i4").type = "bigint";
         col(g, "v16").type = "character varying(32)";
         col(g, "num").type = "numeric(14,4)";
       }},
      {"widen varchar(16) to text; the down narrows what fits",
       [](ModelGraph& g, RenameHints&) { col(g, "v16").type = "text"; }},
      {"narrow varchar(16) to varchar(8)", [](ModelGraph& g, RenameHints&) { col(g, "v16").type = "character varying(8)"; },
       Outcome::UpRefused},
      {"narrow bigint to integer", [](ModelGraph& g, RenameHints&) { col(g, "i8").type = "integer"; }, Outcome::UpRefused},
      {"narrow integer to smallint", [](ModelGraph& g, RenameHints&) { col(g, "i4").type = "smallint"; },
       Outcome::UpRefused},
      {"numeric(12,4) to numeric(12,2) would round", [](ModelGraph& g, RenameHints&) { col(g, "num").type = "numeric(12,2)"; },
       Outcome::UpRefused},
      {"numeric(12,4) to numeric(10,4) overflows", [](ModelGraph& g, RenameHints&) { col(g, "num").type = "numeric(10,4)"; },
       Outcome::UpRefused},
      {"double precision to bigint would round", [](ModelGraph& g, RenameHints&) { col(g, "dbl").type = "bigint"; },
       Outcome::UpRefused},
      {"text to varchar(32): the down of a 40-character value fails",
       [](ModelGraph& g, RenameHints&) { col(g, "v16").type = "text"; }, Outcome::DownRefused, {},
       R"(UPDATE "public"."t" SET "v16" = repeat('y', 40) WHERE "pk" = 7)"},
      {"enum to another enum",
       [](ModelGraph& g, RenameHints&) {
         add_enum(g, "public", EnumType{"status2", {"c", "b", "a", "d"}});
         col(g, "st").type = "\"public\".\"status2\"";
       }},
      {"enum to text", [](ModelGraph& g, RenameHints&) { col(g, "st").type = "text"; }},
      {"text to enum", [](ModelGraph& g, RenameHints&) { col(g, "lbl").type = kStatus; }},
      {"text to enum with a value that is no label", [](ModelGraph& g, RenameHints&) { col(g, "v16").type = kStatus; },
       Outcome::UpRefused},
      {"enum to varchar(1)", [](ModelGraph& g, RenameHints&) { col(g, "st").type = "character varying(1)"; }},
      {"drop NOT NULL", [](ModelGraph& g, RenameHints&) { col(g, "nn").nullable = true; }},
      {"set NOT NULL with a default on a column holding NULLs",
       [](ModelGraph& g, RenameHints&) {
         col(g, "i4").nullable = false;
         col(g, "i4").default_expr = "0";
       },
       Outcome::UpRefused},
      {"defaults",
       [](ModelGraph& g, RenameHints&) {
         col(g, "i4").default_expr = "42";
         col(g, "st").default_expr = "'b'::" + kStatus;
       }},
      {"identity on a populated key", [](ModelGraph& g, RenameHints&) { col(g, "pk").identity = true; }},
      {"comments",
       [](ModelGraph& g, RenameHints&) {
         t_of(g).comment = "rows 'n' things";
         col(g, "txt").comment = "ünïcode";
       }},
      {"primary key change", [](ModelGraph& g, RenameHints&) { t_of(g).primary_key = {"pk_t", {"pk", "nn"}}; }},
      {"add unique", [](ModelGraph& g, RenameHints&) { t_of(g).uniques = {{"uq_t_nn", {"nn"}}}; }},
      {"add unique over duplicates", [](ModelGraph& g, RenameHints&) { t_of(g).uniques = {{"uq_t_flag", {"flag"}}}; },
       Outcome::UpRefused},
      {"add check", [](ModelGraph& g, RenameHints&) { t_of(g).checks = {{"ck_t_nn", "nn > 0"}}; }},
      {"add check rows violate", [](ModelGraph& g, RenameHints&) { t_of(g).checks = {{"ck_t_i4", "i4 > 0"}}; },
       Outcome::UpRefused},
      {"add foreign key",
       [](ModelGraph& g, RenameHints&) {
         t_of(g).foreign_keys = {ForeignKey{"fk_t_grp_p", {"grp"}, "public", "p", {"id"}, FkAction::NoAction, FkAction::NoAction}};
       }},
      {"create index", [](ModelGraph& g, RenameHints&) { t_of(g).indexes.push_back({"ix_t_ts", {"ts"}, false}); }},
      {"create unique index", [](ModelGraph& g, RenameHints&) { t_of(g).indexes.push_back({"ix_t_nn", {"nn"}, true}); }},
      {"create unique index over duplicates",
       [](ModelGraph& g, RenameHints&) { t_of(g).indexes.push_back({"ix_t_i8", {"i8"}, true}); }, Outcome::UpRefused},
      {"row security and a policy; the type change under it recreates the policy",
       [](ModelGraph& g, RenameHints&) {
         t_of(g).row_security = true;
         t_of(g).policies = {{"pol_t", "ALL", "i4 >= 0 OR i4 < 0", std::nullopt, {}}};
         col(g, "i4").type = "bigint";
       }},
      {"a view replaced in place (its WHERE changes)",
       [](ModelGraph& g, RenameHints&) { g.schema("public").sql_objects = {p_view("id >= 1")}; }},
      {"a new view over a column whose type changes under it",
       [](ModelGraph& g, RenameHints&) {
         g.schema("public").sql_objects.push_back(
             {SqlObjectKind::View, "t_amounts", "", "VIEW public.t_amounts AS SELECT pk, i4 FROM public.t", {"public.t"}});
         col(g, "i4").type = "bigint";
       }},
      {"rename enum",
       [](ModelGraph& g, RenameHints& hints) {
         status_of(g).name = "state";
         col(g, "st").type = "\"public\".\"state\"";
         hints.enums["public.state"] = "status";
       }},
      {"rename enum label",
       [](ModelGraph& g, RenameHints& hints) {
         status_of(g).labels[2] = "cc";
         hints.enum_labels["public.status.cc"] = "c";
       }},
  };
}

TEST_F(DataSafetyTest, EveryOperationKindKeepsTheRowsOrFailsWhole) {
  std::set<std::string> kinds;
  for (const Change& change : matrix()) {
    try {
      const std::set<std::string> emitted = check(change);
      kinds.insert(emitted.begin(), emitted.end());
    } catch (const std::exception& error) {
      ADD_FAILURE() << change.name << ": " << error.what();
      close();
    }
  }
  // Distributing needs Citus: tests/runner/citus_test.cpp runs those two kinds on tables holding rows.
  EXPECT_EQ(kinds.size() + 2, std::variant_size_v<Operation>) << "a kind the matrix does not exercise";
}

// Finding 1: narrowing varchar(16) -> varchar(8) truncated 'en-GB-oxendict' and exited 0.
TEST_F(DataSafetyTest, NarrowingAVarcharFailsOnAValueThatDoesNotFit) {
  ModelGraph after = base_graph();
  col(after, "v16").type = "character varying(8)";
  open(base_graph(), after);
  try {
    up();
    FAIL() << "the narrowing succeeded";
  } catch (const StmtExecError& error) {
    EXPECT_NE(error.message().find("value too long for type character varying(8)"), std::string::npos) << error.message();
  }
  EXPECT_EQ(scalar(R"(SELECT "v16" FROM "public"."t" WHERE "pk" = 2)"), "en-GB-oxendict");
  EXPECT_EQ(history(), std::vector<std::string>{"0001_base"});
}

// Finding 1, downgrade: the down of varchar(32) -> text truncated 40-character values.
TEST_F(DataSafetyTest, TheDowngradeOfAWideningFailsOnAValueThatNoLongerFits) {
  ModelGraph base = base_graph();
  col(base, "v16").type = "character varying(32)";
  ModelGraph after = base;
  col(after, "v16").type = "text";
  open(base, after);
  up();
  exec(R"(UPDATE "public"."t" SET "v16" = repeat('y', 40) WHERE "pk" = 7)");
  EXPECT_THROW(down(), StmtExecError);
  EXPECT_EQ(scalar(R"(SELECT length("v16") FROM "public"."t" WHERE "pk" = 7)"), "40");
  EXPECT_EQ(history(), (std::vector<std::string>{"0001_base", "0002_change"}));
}

// Finding 1, numeric: scale reduction rounds even in an assignment cast; it must fail instead.
TEST_F(DataSafetyTest, AScaleReductionThatWouldRoundFails) {
  ModelGraph after = base_graph();
  col(after, "num").type = "numeric(14,2)";
  open(base_graph(), after);
  try {
    up();
    FAIL() << "the scale reduction succeeded";
  } catch (const StmtExecError& error) {
    EXPECT_NE(error.message().find("column num holds a value that numeric(14,2) would round"), std::string::npos)
        << error.message();
  }
  EXPECT_EQ(scalar(R"(SELECT "num" FROM "public"."t" WHERE "pk" = 3)"), "0.4286");
  // Values with two decimals convert.
  exec(R"(UPDATE "public"."t" SET "num" = trunc("num", 2))");
  up();
  EXPECT_EQ(scalar(R"(SELECT "num" FROM "public"."t" WHERE "pk" = 3)"), "0.42");
}

// Finding 3: PostgreSQL has no cast between two enums ("cannot cast type a to b").
TEST_F(DataSafetyTest, AColumnMovesBetweenEnumsBothWays) {
  ModelGraph after = base_graph();
  add_enum(after, "public", EnumType{"status2", {"a", "b", "c"}});
  col(after, "st").type = "\"public\".\"status2\"";
  open(base_graph(), after);
  const std::string data = data_hash();
  up();
  EXPECT_EQ(scalar(R"(SELECT "st"::text FROM "public"."t" WHERE "pk" = 1)"), "b");
  EXPECT_EQ(scalar(R"(SELECT pg_typeof("st")::text FROM "public"."t" LIMIT 1)"), "status2");
  down();
  EXPECT_EQ(data_hash(), data);
}

// Issue 14: dropping a label recreates the type, and PostgreSQL then re-parses the checks and
// partial indexes on the enum's column with literals of the old type ("operator does not exist:
// status <> status_old"): they are dropped before the conversion and made again after it, on a
// table with rows, and the downgrade gives back the schema.
TEST_F(DataSafetyTest, DroppingALabelKeepsTheChecksAndPartialIndexesOnItsColumns) {
  ModelGraph base = base_graph();
  status_of(base).labels.push_back("d");
  t_of(base).checks = {{"ck_t_st", "st IN ('a', 'b', 'c')"}};
  Index partial{"ix_t_b", {"pk"}, false};
  partial.where = "st = 'b'";
  t_of(base).indexes.push_back(partial);
  base.canonicalize();
  ModelGraph after = base;
  status_of(after).labels.pop_back();
  after.canonicalize();
  open(base, after);
  const std::string data = data_hash(), schema = schema_hash();
  up();
  EXPECT_EQ(scalar("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum "
                   "WHERE enumtypid = 'public.status'::regtype"),
            "a,b,c");
  EXPECT_EQ(scalar("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_t_st'"),
            "CHECK ((st = ANY (ARRAY['a'::status, 'b'::status, 'c'::status])))");
  EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_t_b'::regclass"), "t");
  EXPECT_EQ(data_hash(), data);
  down();
  EXPECT_EQ(data_hash(), data);
  EXPECT_EQ(schema_hash(), schema);
}

// Finding 4: renaming an enum type and a label keeps every row (no drop and recreate).
TEST_F(DataSafetyTest, RenamingAnEnumAndALabelKeepsTheRows) {
  ModelGraph after = base_graph();
  status_of(after).name = "state";
  status_of(after).labels[2] = "cc";
  col(after, "st").type = "\"public\".\"state\"";
  after.canonicalize();
  RenameHints hints;
  hints.enums["public.state"] = "status";
  hints.enum_labels["public.state.cc"] = "c";
  open(base_graph(), after, hints);
  const std::string count_c = scalar(R"(SELECT count(*) FROM "public"."t" WHERE "st" = 'c')");
  up();
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "public"."t" WHERE "st" = 'cc')"), count_c);
  EXPECT_EQ(scalar(R"(SELECT pg_typeof("st")::text FROM "public"."t" LIMIT 1)"), "state");
  down();
  EXPECT_EQ(scalar(R"(SELECT count(*) FROM "public"."t" WHERE "st" = 'c')"), count_c);
}

// Finding 5: the identity sequence started at 1, so the next insert collided with row 1.
TEST_F(DataSafetyTest, AnIdentityAddedToAPopulatedColumnContinuesAfterItsLargestValue) {
  ModelGraph after = base_graph();
  col(after, "pk").identity = true;
  open(base_graph(), after);
  up();
  EXPECT_EQ(scalar(R"(INSERT INTO "public"."t" ("nn") VALUES (0) RETURNING "pk")"), "10001");
}

}  // namespace
}  // namespace strata

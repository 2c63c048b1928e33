// strata-gen import (issue 15) on real PostgreSQL: headers written from a live database build the
// same catalog when generated on an empty history and applied to a fresh database (round trip),
// on automl_app as migrations/0001_initial builds it and on a database Alembic built from the
// SQLAlchemy fixture tests/fixtures/alembic_shop/; what the vocabulary cannot say is named per
// object, exit 1, and nothing is written; a database out of reach is exit 3 without the password.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "catalog/schema_inspector.hpp"
#include "catalog/sql_object_catalog.hpp"
#include "core/naming.hpp"
#include "core/snapshot.hpp"
#include "generator/scanner.hpp"
#include "generator/strata_gen_cli.hpp"
#include "generator/strata_import_cli.hpp"
#include "generator/writer/model_header_writer.hpp"
#include "runner/drift_check.hpp"
#include "tests/runner/subprocess.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/sql_query.hpp"
#include "tests/support/temp_dir.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using test::PgCluster;
using testing::TempDir;

struct GenRun {
  int code;
  std::string out;
  std::string err;
};

GenRun strata_gen(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_strata_gen(args, out, err);
  return {code, out.str(), err.str()};
}

// What `strata-gen import ARGS` runs (strata_gen_cli_test runs it through strata-gen).
GenRun strata_import(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_strata_import(args, out, err);
  return {code, out.str(), err.str()};
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files under `dir`, relative, sorted.
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), dir).string());
  std::sort(files.begin(), files.end());
  return files;
}

// Tables, enums, and views, functions and triggers.
ModelGraph catalog_of(const std::string& url, const std::vector<std::string>& schemas) {
  pqxx::connection connection(url);
  ModelGraph graph = inspect_schemas(connection, schemas, {"public.alembic_version"});
  inspect_sql_objects(connection, schemas, graph);
  return graph;
}

bool is_header(const std::string& file) { return fs::path(file).extension() == ".hpp"; }

// import -> golden headers -> generate on an empty history -> up SQL on a fresh database -> the
// catalog of `source` again.
// `exact`: the catalogs are equal as read, expression spellings included. PostgreSQL does not
// always read its own spelling back to the same tree (`x IN ('a')` on a varchar is stored as
// `x::text = ANY (ARRAY['a'::character varying]::text[])`, which is read back with the casts moved),
// so otherwise they are compared as `migrator check` compares them: the same tables, and no drift
// from the original catalog taken as the models (expressions in the server's spelling).
void expect_round_trip(const std::string& source, const std::vector<std::string>& schemas,
                       const std::string& golden_case, bool exact) {
  TempDir dir("strata_import");
  const fs::path models = dir.path() / "models";
  const GenRun imported = strata_import({"--url", source, "--out", models.string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  std::vector<std::string> args = {"--migrations", (dir.path() / "migrations").string(),
                                   "--generated",  (dir.path() / "generated").string(),
                                   "-I",           STRATA_SOURCE_DIR "/include"};
  for (const std::string& file : files_under(models)) {
    expect_matches_golden("import/" + golden_case + "/" + file, read_file(models / file));
    EXPECT_TRUE(test::contains(imported.out, (models / file).string())) << imported.out;
    if (is_header(file)) args.insert(args.end(), {"--models", (models / file).string()});
  }
  if (fs::exists(models / "sql")) args.insert(args.end(), {"--sql-objects", (models / "sql").string()});
  // The headers build warning-free with g++ (where the macros vanish), like models/.
  std::string unit;
  for (const std::string& file : files_under(models))
    if (is_header(file)) unit += "#include \"" + (models / file).string() + "\"\n";
  std::ofstream(dir.path() / "all_models.cpp") << unit;
  const test::ProcessResult compiled = test::run_process({STRATA_CXX_COMPILER, "-std=c++20", "-Wall", "-Wextra",
                                                          "-Werror", "-fsyntax-only", "-I", STRATA_SOURCE_DIR "/include",
                                                          (dir.path() / "all_models.cpp").string()});
  EXPECT_EQ(compiled.exit_code, 0) << compiled.err;

  args.insert(args.end(), {"generate", "-m", "imported"});
  const GenRun generated = strata_gen(args);
  ASSERT_EQ(generated.code, 0) << generated.err;
  ASSERT_EQ(generated.out, "0001_imported\n");

  const std::string fresh = PgCluster::shared().create_database();
  {
    pqxx::connection connection(fresh);
    test::execute(connection, read_file(dir.path() / "migrations" / "0001_imported.up.sql"));
  }
  const ModelGraph original = catalog_of(source, schemas);
  const ModelGraph copy = catalog_of(fresh, schemas);
  // As snapshots: a difference shows as text.
  if (exact) {
    EXPECT_EQ(write_snapshot(copy), write_snapshot(original));
  }
  const auto tables_of = [](const ModelGraph& graph) {
    std::vector<std::string> tables;
    for (const Schema& schema : graph.schemas)
      for (const Table& table : schema.tables) tables.push_back(qualified(schema.name, table.name));
    return tables;
  };
  EXPECT_EQ(tables_of(copy), tables_of(original));
  EXPECT_GT(tables_of(original).size(), 2u);  // the comparison is of something
  const auto sql_objects_of = [](const ModelGraph& graph) {
    std::vector<std::string> objects;
    for (const Schema& schema : graph.schemas)
      for (const SqlObject& object : schema.sql_objects) objects.push_back(schema.name + ": " + object.definition);
    return objects;
  };
  EXPECT_EQ(sql_objects_of(copy), sql_objects_of(original));
  pqxx::connection connection(fresh);
  EXPECT_EQ(check_drift(connection, original).sql(), "");
  // The comparison can fail: a comment changed on the copy is drift.
  const Schema& first = original.schemas.front();
  test::execute(connection, "COMMENT ON TABLE " + connection.quote_name(first.name) + "." +
                                connection.quote_name(first.tables.front().name) + " IS 'changed'");
  EXPECT_NE(check_drift(connection, original).sql(), "");
}

// Names that are no C++ identifiers, keywords, clashes, and every annotation the writer emits:
// the headers scan back to the very graph (no database: the writer and the scanner alone).
TEST(ModelImport, HeadersScanBackToTheGraph) {
  ModelGraph graph;
  graph.schema("public").enums.push_back({"order_status", {"pending", "not shipped", "new", "a-b", "a_b", "2nd"}});
  graph.schema("class").enums.push_back({"kind", {"x"}});
  Table users;
  users.name = "delete";
  users.comment = "a table named like a keyword; it's \"quoted\" \\ too";
  users.columns = {
      {"id", "bigint", false, std::nullopt, true},
      {"delete", "text", true, std::nullopt},  // the struct's own name
      {"class", "character varying(12)", false, "'x'::character varying"},
      {"2fa", "boolean", false, "false"},
      {"status", "\"public\".\"order_status\"", false, "'new'::order_status"},
      {"statuses", "\"public\".\"order_status\"[]", true, std::nullopt},
      {"kind", "\"class\".\"kind\"", true, std::nullopt},
      {"price", "numeric(12,2)", false, std::nullopt},
      {"qty", "integer", false, std::nullopt},
      {"total", "numeric", true, std::nullopt, false, "A comment", "(price * qty::numeric)"},
      {"tags", "text[]", true, std::nullopt},
      {"blob", "bytea", true, std::nullopt},
      {"at", "timestamp with time zone", false, "now()"},
      {"at_local", "timestamp without time zone", true, std::nullopt},
      {"parent_id", "bigint", true, std::nullopt},
      {"parent_qty", "integer", true, std::nullopt},
  };
  users.primary_key = {"pk_delete", {"id"}};
  users.uniques = {{"uq_delete_class", {"class"}}, {"uq_named", {"qty", "price"}, true}};
  users.checks = {{"ck_delete_qty", "qty > 0"}, {"ck_total", "total IS NULL OR total >= 0::numeric"}};
  users.foreign_keys = {{"fk_delete_parent_id_delete", {"parent_id"}, "public", "delete", {"id"}, FkAction::SetNull},
                        {"fk_parent", {"parent_qty", "parent_id"}, "public", "id_and_qty", {"qty", "id"},
                         FkAction::Cascade, FkAction::Restrict}};
  users.indexes = {{"ix_delete_at", {"at"}},
                   {"ix_expr", {"(abs(qty))", "at DESC NULLS LAST"}, false, "", "qty > 1", {"price"}},
                   {"ix_tags", {"tags"}, false, "gin"},
                   {"ux_nnd", {"price", "qty"}, true, "", std::nullopt, {}, true}};
  users.row_security = true;
  users.policies = {{"p_all", "ALL", "qty > 0", "qty < 100", {"app_user", "reporting"}},
                    {"p_insert", "INSERT", std::nullopt, "true", {}}};
  graph.schema("public").tables.push_back(users);
  Table keyed;  // its primary key not in declaration order
  keyed.name = "id_and_qty";
  keyed.columns = {{"id", "bigint", false, std::nullopt}, {"qty", "integer", false, std::nullopt}};
  keyed.primary_key = {"pk_id_and_qty", {"qty", "id"}};
  graph.schema("public").tables.push_back(keyed);
  // Two names with one identifier, and a table named like the enums' header.
  for (const std::string name : {"order-items", "order_items", "enums"}) {
    Table plain;
    plain.name = name;
    plain.columns = {{"id", "bigint", false, std::nullopt}};
    plain.primary_key = {primary_key_name(name), {"id"}};
    graph.schema("public").tables.push_back(plain);
  }
  graph.canonicalize();

  const ModelHeaders headers = write_model_headers(graph, "models");
  ASSERT_EQ(headers.problems, std::vector<std::string>{});
  TempDir dir("strata_import");
  ScanOptions scan;
  scan.include_dirs = {STRATA_SOURCE_DIR "/include"};
  for (const auto& [path, content] : headers.files) {
    expect_matches_golden("import/names/" + path, content);
    fs::create_directories((dir.path() / path).parent_path());
    std::ofstream(dir.path() / path) << content;
    scan.headers.push_back((dir.path() / path).string());
  }
  const ScanResult scanned = scan_models(scan);
  for (const Diagnostic& diagnostic : scanned.diagnostics)
    EXPECT_NE(diagnostic.severity, Diagnostic::Severity::Error) << format(diagnostic);
  EXPECT_EQ(write_snapshot(scanned.graph), write_snapshot(graph));
}

// A graph without a primary key, a name the annotations cannot carry, a foreign key or an enum
// of a schema not imported: each named, per object.
TEST(ModelImport, WriterNamesWhatItCannotWrite) {
  ModelGraph graph;
  Table table;
  table.name = "t";
  table.columns = {{"a|b", "text", false, std::nullopt}, {"e", "\"elsewhere\".\"kind\"", false, std::nullopt}, {"o", "bigint", true, std::nullopt}};
  table.foreign_keys = {{"fk_t_o", {"o"}, "elsewhere", "other", {"id"}}};
  graph.schema("public").tables.push_back(table);
  const ModelHeaders headers = write_model_headers(graph, "models");
  EXPECT_EQ(headers.problems,
            (std::vector<std::string>{
                "public.t: not imported: column a|b has a '|' or ',', which the annotations cannot carry",
                "public.t: not imported: column e has type \"elsewhere\".\"kind\", an enum of a schema that is not "
                "imported (add it to --schemas)",
                "public.t: not imported: foreign key fk_t_o references elsewhere.other, in schema elsewhere, which is "
                "not imported (add it to --schemas)",
                "public.t: not imported: it has no primary key, which every model table has (add one, or leave the "
                "table out with --ignore)"}));
}

// automl_app as its migrations build it: row security, its policies, and the audit triggers,
// their function and a view (models/sql/), which import writes as SQL_OBJECTS files under sql/.
TEST(ModelImport, AutomlAppRoundTripsWithItsViewFunctionAndTriggers) {
  const std::string source = PgCluster::shared().create_database();
  {
    pqxx::connection connection(source);
    for (const char* up : {"0001_initial.up.sql", "0002_tenant_row_security_audit_triggers.up.sql"})
      test::execute(connection, read_file(fs::path(STRATA_SOURCE_DIR "/migrations") / up));
  }
  std::size_t sql_objects = 0;
  for (const Schema& schema : catalog_of(source, {"public", "audit"}).schemas) sql_objects += schema.sql_objects.size();
  ASSERT_EQ(sql_objects, 5u);  // models/sql/
  expect_round_trip(source, {"public", "audit"}, "automl_app", false);
}

TEST(ModelImport, AlembicBuiltDatabaseRoundTrips) {
  const std::string source = PgCluster::shared().create_database();
  const test::ProcessResult alembic =
      test::Subprocess({"/usr/bin/python3", "-m", "alembic", "-c", STRATA_SOURCE_DIR "/tests/fixtures/alembic_shop/alembic.ini",
                        "upgrade", "head"},
                       {{"AUTOML_DATABASE_URL", source}, {"PYTHONDONTWRITEBYTECODE", "1"}})
          .wait();
  ASSERT_EQ(alembic.exit_code, 0) << alembic.err;
  {
    pqxx::connection connection(source);
    ASSERT_EQ(test::query_scalar(connection, "SELECT version_num FROM alembic_version"), "a1b2c3d4e5f6");
  }
  expect_round_trip(source, {"public", "sales"}, "alembic_shop", true);
}

// Every kind of object the vocabulary has no word for, each named with its reason; nothing written.
TEST(ModelImport, RefusesWhatTheVocabularyCannotSayAndWritesNothing) {
  const std::string source = PgCluster::shared().create_database();
  {
    pqxx::connection connection(source);
    test::execute(connection, R"sql(
      CREATE TABLE logbook (line text);
      CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
      CREATE TABLE scores (id bigint CONSTRAINT pk_scores PRIMARY KEY, score positive_int, spot point);
      CREATE TABLE legacy (id serial CONSTRAINT pk_legacy PRIMARY KEY);
      CREATE TABLE named_default (id bigint PRIMARY KEY);
      CREATE TABLE booking (id bigint CONSTRAINT pk_booking PRIMARY KEY, during tstzrange,
                            EXCLUDE USING gist (during WITH &&));
      CREATE TABLE measures (id bigint, at date, CONSTRAINT pk_measures PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE VIEW recent AS SELECT 1 AS one;
      CREATE VIEW "odd/../name%" AS SELECT 2 AS two;
    )sql");
  }
  TempDir dir("strata_import");
  const fs::path models = dir.path() / "models";
  const GenRun run = strata_import({"--url", source, "--out", models.string()});
  EXPECT_EQ(run.code, 1);
  for (const std::string expected : {
           "public.logbook: not imported: it has no primary key",
           "public.scores: not imported: column score has type positive_int, a domain, which the models cannot create",
           "public.positive_int: not imported: a domain",
           "public.legacy_id_seq: not imported: a sequence, the default of serial column id of legacy",
           "public.named_default: not imported: its primary key is named named_default_pkey; the models name it "
           "pk_named_default",
           "public.booking: not imported: exclusion constraint booking_during_excl",
           "public.measures: not imported: a partitioned table (PARTITION BY)",
           "7 object(s) cannot be imported (above); nothing was written"})
    EXPECT_TRUE(test::contains(run.err, expected)) << expected << "\n" << run.err;
  EXPECT_FALSE(test::contains(run.err, "spot")) << "point is built in: STRATA_TYPE(\"point\")\n" << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_FALSE(fs::exists(models));
  EXPECT_EQ(files_under(dir.path()), std::vector<std::string>{});

  // Left out on purpose, the rest is imported.
  const GenRun rest = strata_import({"--url", source, "--out", models.string(), "--ignore", "public.logbook",
                               "--ignore", "public.legacy*", "--ignore", "public.positive_int", "--ignore",
                               "public.named_default", "--ignore", "public.booking", "--ignore", "public.measures",
                               "--ignore", "public.scores"});
  EXPECT_EQ(rest.code, 0) << rest.err;
  // Each view is a SQL_OBJECTS file, its names schema-qualified; a name's '/' does not make a
  // directory.
  EXPECT_EQ(files_under(models),
            (std::vector<std::string>{"sql/public.odd%2F..%2Fname%25.view.sql", "sql/public.recent.view.sql"}));
  EXPECT_EQ(read_file(models / "sql" / "public.recent.view.sql"), "CREATE VIEW public.recent AS\n SELECT 1 AS one;\n");
  EXPECT_EQ(read_file(models / "sql" / "public.odd%2F..%2Fname%25.view.sql"),
            "CREATE VIEW public.\"odd/../name%\" AS\n SELECT 2 AS two;\n");
}

TEST(ModelImport, RefusesEveryOtherKindOfObjectItCannotSay) {
  const std::string source = PgCluster::shared().create_database();
  {
    pqxx::connection connection(source);
    test::execute(connection, R"sql(
      CREATE EXTENSION citext;
      CREATE TABLE parent (id bigint CONSTRAINT pk_parent PRIMARY KEY);
      CREATE TABLE child (extra text) INHERITS (parent);
      CREATE TABLE always (id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_always PRIMARY KEY, code text COLLATE "C");
      CREATE TABLE refs (id bigint CONSTRAINT pk_refs PRIMARY KEY, parent_id bigint, a bigint, b bigint,
        CONSTRAINT fk_deferred FOREIGN KEY (parent_id) REFERENCES parent DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT uq_ab UNIQUE (a, b));
      ALTER TABLE refs ADD CONSTRAINT ck_not_valid CHECK (a > 0) NOT VALID;
      ALTER TABLE refs ADD CONSTRAINT fk_full FOREIGN KEY (a, b) REFERENCES refs (a, b) MATCH FULL;
      ALTER TABLE refs ENABLE ROW LEVEL SECURITY;
      CREATE POLICY p_strict ON refs AS RESTRICTIVE USING (true);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER t_touch BEFORE UPDATE ON refs FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 * 2';
      CREATE FUNCTION twice(text) RETURNS text LANGUAGE sql AS 'SELECT $1 || $1';
      CREATE PROCEDURE tidy() LANGUAGE sql AS 'SELECT 1';
      CREATE TABLE parts (id bigint, at date, CONSTRAINT pk_parts PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE parts_2026 PARTITION OF parts FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TYPE pair AS (a int, b int);
      CREATE TABLE emails (id bigint CONSTRAINT pk_emails PRIMARY KEY, address citext);
      CREATE UNLOGGED TABLE scratch (id bigint CONSTRAINT pk_scratch PRIMARY KEY);
    )sql");
  }
  TempDir dir("strata_import");
  const GenRun run = strata_import({"--url", source, "--out", (dir.path() / "models").string()});
  EXPECT_EQ(run.code, 1);
  // citext's own functions and types are the extension's: not named.
  EXPECT_EQ(run.err,
            "public.always: not imported: column code has collation C, not its type's default, which the models "
            "cannot declare\n"
            "public.always: not imported: column id is GENERATED ALWAYS AS IDENTITY; the models declare GENERATED BY "
            "DEFAULT (STRATA_IDENTITY)\n"
            "public.child: not imported: inherits from parent (table inheritance), which the models cannot declare\n"
            "public.child: not imported: it has no primary key, which every model table has (add one, or leave the "
            "table out with --ignore)\n"
            "public.emails: not imported: column address has type citext, a type of extension citext, which the "
            "models cannot create\n"
            "public.pair: not imported: a composite type, which the models cannot create\n"
            "public.parts: not imported: a partitioned table (PARTITION BY), which the models cannot declare\n"
            "public.parts_2026: not imported: a partition of parts, which the models cannot declare\n"
            "public.refs: not imported: constraint ck_not_valid is NOT VALID (VALIDATE CONSTRAINT it first)\n"
            "public.refs: not imported: constraint fk_deferred is DEFERRABLE, which the models cannot declare\n"
            "public.refs: not imported: foreign key fk_full is MATCH FULL, which the models cannot declare\n"
            "public.refs: not imported: it has policies but not row security enabled and forced, which the models "
            "give every table with policies\n"
            "public.refs: not imported: policy p_strict is RESTRICTIVE, which the models cannot declare\n"
            "public.refs: not imported: row security is enabled but not forced; the models declare both "
            "(STRATA_ROW_SECURITY) or neither\n"
            "public.scratch: not imported: an UNLOGGED table, which the models cannot declare\n"
            "public.tidy: not imported: a procedure, which the models cannot declare\n"
            "public.twice: not imported: a function of 2 overloads; the models declare one function per name\n"
            "strata-import: error: 17 object(s) cannot be imported (above); nothing was written. Change them in the "
            "database, or leave them out with --ignore SCHEMA.NAME\n");
  EXPECT_EQ(files_under(dir.path()), std::vector<std::string>{});
}

TEST(ModelImport, SchemasSelectsAndNamesAMissingOne) {
  const std::string source = PgCluster::shared().create_database();
  {
    pqxx::connection connection(source);
    test::execute(connection, "CREATE SCHEMA a; CREATE TABLE a.t (id bigint CONSTRAINT pk_t PRIMARY KEY); CREATE TABLE logbook (x text)");
  }
  TempDir dir("strata_import");
  const GenRun only_a = strata_import({"--url", source, "--schemas", "a", "--out", (dir.path() / "a").string()});
  EXPECT_EQ(only_a.code, 0) << only_a.err;
  EXPECT_EQ(files_under(dir.path() / "a"), std::vector<std::string>{"a/t.hpp"});
  const GenRun missing =
      strata_import({"--url", source, "--schemas", "a,nope", "--out", (dir.path() / "b").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_TRUE(test::contains(missing.err, "--schemas: no schema nope")) << missing.err;
  EXPECT_FALSE(fs::exists(dir.path() / "b"));
}

TEST(ModelImport, NonEmptyOutputDirectoryIsLeftAlone) {
  const std::string source = PgCluster::shared().create_database();
  TempDir dir("strata_import");
  { std::ofstream(dir.path() / "mine.hpp") << "// mine\n"; }
  const GenRun run = strata_import({"--url", source, "--out", dir.path().string()});
  EXPECT_EQ(run.code, 1);
  EXPECT_TRUE(test::contains(run.err, "exists and is not an empty directory")) << run.err;
  EXPECT_EQ(files_under(dir.path()), std::vector<std::string>{"mine.hpp"});
}

TEST(ModelImport, UnreachableDatabaseIsExit3WithoutThePassword) {
  TempDir dir("strata_import");
  const GenRun run = strata_import({"--url", "postgresql://importer:s3cr%65t-pw@127.0.0.1:1/shop", "--out",
                              (dir.path() / "models").string()});
  EXPECT_EQ(run.code, 3);
  EXPECT_TRUE(test::contains(run.err, "cannot connect to host=127.0.0.1 port=1 dbname=shop user=importer")) << run.err;
  EXPECT_FALSE(test::contains(run.err, "s3cr")) << run.err;
  EXPECT_FALSE(fs::exists(dir.path() / "models"));
}

TEST(ModelImport, OutIsRequired) {
  const GenRun run = strata_import({"--url", "postgresql://x@127.0.0.1:1/y"});
  EXPECT_EQ(run.code, 2);
  EXPECT_TRUE(test::contains(run.err, "--out")) << run.err;
}

}  // namespace
}  // namespace strata

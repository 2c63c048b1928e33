// Hostile annotation strings, generated from a fixed seed: quotes, backslashes, $$, --, /* */,
// ';', unicode, NUL. Each goes through the parser the scanner uses (as a comment, as a quoted
// default, as a raw SQL expression); what is accepted becomes revisions (diff + dialect, as
// `strata-gen generate` makes them) that run on a real PostgreSQL, once with
// standard_conforming_strings on and once off, in one call of the simple protocol each (as the
// migrator and psql send them). Afterwards the catalog holds exactly the model's objects: every
// comment and default stored byte for byte, the table `victim` untouched, no other table. The
// raw expressions are also applied as row-security policies (issue 14).
// Rejected strings carry a reason (the scanner reports it as file:line:col: error).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "generator/annotation.hpp"
#include "tests/support/pg_cluster.hpp"

namespace strata {
namespace {

const std::vector<std::string> kFragments = {
    "'",  "''", "\\",  "\\\\", "\\'", "$$", "$t$", "--", "/*", "*/", ";", "\"", "é", "日本", "🙂",
    std::string(1, '\0'), "E'", " ", "x", "1", "(", ")", "DROP TABLE \"public\".\"victim\"", "\n", "\t",
    "C:\\temp\\", "||", "+", "U&'", "::text",
};

// The findings of issue 11, then strings made of 1..8 random fragments.
std::vector<std::string> hostile_strings(std::size_t count) {
  std::vector<std::string> out = {
      "0; DROP TABLE \"public\".\"victim\"; SELECT 1 WHERE true IS",
      "path C:\\temp\\'; DROP TABLE \"public\".\"victim\"; --",
      "C:\\temp",
      "'a\\' || '; DROP TABLE \"public\".\"victim\" --'",
      "'C:\\temp\\' || '; DROP TABLE \"public\".\"victim\"; SELECT '",
      "$$; DROP TABLE \"public\".\"victim\"; $$",
      "1) OR (true",
      "1 /* ; DROP TABLE \"public\".\"victim\" */",
  };
  std::mt19937 random(20261201);
  std::uniform_int_distribution<std::size_t> length(1, 8), fragment(0, kFragments.size() - 1);
  while (out.size() < count) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n) text += kFragments[fragment(random)];
    out.push_back(text);
  }
  return out;
}

std::string sql_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// An expression of text built from `text` the ways an author may quote it: '', E'', $q$, joined
// with || (valid SQL, so these revisions apply and their values can be compared).
std::string text_expression(const std::string& text, std::mt19937& random) {
  std::string escaped;
  for (char c : text) escaped += c == '\\' ? "\\\\" : c == '\'' ? "\\'" : std::string(1, c);
  std::vector<std::string> atoms = {sql_string(text), "E'" + escaped + "'", "'x'", "1::text"};
  if (text.find("$q$") == std::string::npos) atoms.push_back("$q$" + text + "$q$");
  std::string out;
  for (std::size_t n = random() % 3 + 1; n > 0; --n) out += (out.empty() ? "" : " || ") + atoms[random() % atoms.size()];
  return out;
}

std::string column_name(std::size_t i) { return "c" + std::to_string(i); }

Table named_table(const std::string& name) {
  Table table;
  table.name = name;
  return table;
}

Column text_column(const std::string& name, std::optional<std::string> default_expr) {
  Column column;
  column.name = name;
  column.type = "text";
  column.nullable = true;
  column.default_expr = std::move(default_expr);
  return column;
}

struct Cases {
  Table stored = named_table("stored");                       // one column per accepted comment / quoted default
  std::vector<std::string> comments, defaults;  // by column: expected col_description, DEFAULT value
  std::vector<std::string> raw;                 // accepted raw expressions: each the default of a new column
  std::size_t rejected = 0;
};

Cases build_cases(const std::vector<std::string>& strings) {
  Cases cases;
  cases.stored.columns.push_back(text_column("id", std::nullopt));
  std::mt19937 random(7);
  for (const std::string& text : strings) {
    const Parsed<std::string> comment = parse_text(text);
    const Parsed<std::string> quoted = parse_expression(sql_string(text));
    const Parsed<std::string> raw = parse_expression(text);
    const Parsed<std::string> composed = parse_expression(text_expression(text, random));
    for (const auto* parsed : {&comment, &quoted, &raw, &composed}) {
      if (!parsed->value) {
        EXPECT_FALSE(parsed->error.empty()) << "a rejection says why";
        ++cases.rejected;
      }
    }
    // A string holding NUL cannot be stored by PostgreSQL: it must be refused, never cut.
    const bool has_nul = text.find('\0') != std::string::npos;
    EXPECT_EQ(comment.value.has_value(), !has_nul && text.find_first_not_of(" \t\n") != std::string::npos) << text;
    EXPECT_EQ(quoted.value.has_value(), !has_nul) << text;
    if (comment.value || quoted.value) {
      Column column = text_column(column_name(cases.stored.columns.size()), quoted.value);
      column.comment = comment.value;
      cases.comments.push_back(comment.value.value_or(""));
      cases.defaults.push_back(quoted.value ? text : "");
      cases.stored.columns.push_back(column);
    }
    for (const auto* expression : {&raw, &composed})
      if (expression->value) cases.raw.push_back(*expression->value);
  }
  return cases;
}

ModelGraph graph_of(const std::vector<Table>& tables) {
  ModelGraph graph;
  for (const Table& table : tables) graph.schema("public").tables.push_back(table);
  graph.canonicalize();
  return graph;
}

std::string up_script(const std::vector<Table>& from, const std::vector<Table>& to) {
  return render_script(render(diff(graph_of(from), graph_of(to))));
}

// Table "rawN" before its revision: the column the expression will be the default of comes
// last, in ALTER TABLE ... ADD COLUMN "v" text DEFAULT <expression> NOT NULL, as in issue 11.
Table raw_table(std::size_t i) {
  Table table = named_table("raw" + std::to_string(i));
  table.columns.push_back(text_column("id", std::nullopt));
  return table;
}

std::set<std::string> user_tables(pqxx::connection& connection) {
  pqxx::work work(connection);
  std::set<std::string> tables;
  for (const auto& row :
       work.exec("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                 "AND n.nspname NOT LIKE 'pg_toast%'"))
    tables.insert(row[0].as<std::string>());
  return tables;
}

// The value each applied raw expression gives its column, by table.
std::map<std::string, std::string> run_cases(const Cases& cases, const std::string& url, bool standard_conforming_strings) {
  SCOPED_TRACE(standard_conforming_strings ? "standard_conforming_strings = on" : "standard_conforming_strings = off");
  pqxx::connection connection(url);
  const std::string setting = standard_conforming_strings ? "on" : "off";
  {
    pqxx::nontransaction session(connection);
    session.exec("SET client_min_messages = error");
    session.exec("SET standard_conforming_strings = " + setting);
    session.exec("CREATE TABLE \"public\".\"victim\" (id integer); INSERT INTO \"public\".\"victim\" VALUES (1)");
  }
  std::set<std::string> expected_tables = {"public.victim", "public.stored"};
  std::vector<Table> initial = {cases.stored};
  for (std::size_t i = 0; i < cases.raw.size(); ++i) {
    initial.push_back(raw_table(i));
    expected_tables.insert("public." + initial.back().name);
  }
  {
    pqxx::work work(connection);
    work.exec(up_script({}, initial));  // the whole revision in one simple-protocol call
    work.commit();
  }
  std::map<std::string, std::string> raw_values;
  for (std::size_t i = 0; i < cases.raw.size(); ++i) {
    Table with_column = raw_table(i);
    with_column.columns.push_back(text_column("v", cases.raw[i]));
    with_column.columns.back().nullable = false;
    try {
      pqxx::work work(connection);
      work.exec(up_script({raw_table(i)}, {with_column}));
      const pqxx::field value =
          work.exec("INSERT INTO \"public\".\"" + with_column.name + "\" DEFAULT VALUES RETURNING v")[0][0];
      raw_values[with_column.name] = value.as<std::string>();
      work.commit();
    } catch (const pqxx::sql_error&) {
      // The author's SQL may be wrong; then its revision fails and is rolled back, nothing more.
    }
  }
  // Issue 14: the same expressions as a row-security policy's USING and WITH CHECK (as
  // STRATA_POLICY(…, "ALL", "<expr> IS NOT NULL") would give them), pasted into CREATE POLICY.
  std::size_t policies_applied = 0;
  for (std::size_t i = 0; i < cases.raw.size(); ++i) {
    const Parsed<std::string> condition = parse_expression(cases.raw[i] + " IS NOT NULL");
    if (!condition.value) continue;
    Table current = raw_table(i);
    if (raw_values.count(current.name)) {
      current.columns.push_back(text_column("v", cases.raw[i]));
      current.columns.back().nullable = false;
    }
    Table secured = current;
    secured.row_security = true;
    secured.policies = {{"p", "ALL", *condition.value, *condition.value, {}}};
    try {
      pqxx::work work(connection);
      work.exec(up_script({current}, {secured}));
      work.commit();
      ++policies_applied;
    } catch (const pqxx::sql_error&) {
    }
  }
  EXPECT_GT(policies_applied, 100u) << "most expressions make a policy";
  std::cout << "[ fuzz     ] " << setting << ": " << cases.comments.size() << " comments and defaults stored, "
            << raw_values.size() << " of " << cases.raw.size() << " raw expressions applied, " << policies_applied
            << " as policies, " << cases.rejected << " annotations rejected\n";

  EXPECT_EQ(user_tables(connection), expected_tables);
  pqxx::work work(connection);
  EXPECT_EQ(work.exec("SELECT count(*) FROM \"public\".\"victim\"")[0][0].as<int>(), 1);
  const pqxx::result comments = work.exec(
      "SELECT attname, coalesce(col_description(attrelid, attnum), '') FROM pg_attribute "
      "WHERE attrelid = '\"public\".\"stored\"'::regclass AND attnum > 1 ORDER BY attnum");
  EXPECT_EQ(comments.size(), cases.comments.size());
  for (std::size_t i = 0; i < std::min<std::size_t>(cases.comments.size(), comments.size()); ++i)
    EXPECT_EQ(comments[i][1].as<std::string>(), cases.comments[i]) << comments[i][0].as<std::string>();
  const pqxx::row row = work.exec("INSERT INTO \"public\".\"stored\" DEFAULT VALUES RETURNING *")[0];
  for (std::size_t i = 0; i < cases.defaults.size(); ++i) {
    const pqxx::field value = row[static_cast<pqxx::row::size_type>(i + 1)];
    EXPECT_EQ(value.is_null() ? std::string() : value.as<std::string>(), cases.defaults[i]) << column_name(i + 1);
  }
  return raw_values;
}

TEST(AnnotationFuzz, AcceptedStringsRunExactlyAsWrittenRejectedOnesSayWhy) {
  const Cases cases = build_cases(hostile_strings(300));
  ASSERT_GT(cases.raw.size(), 200u) << "the generator must produce accepted raw expressions too";
  ASSERT_GT(cases.rejected, 100u) << "and rejected ones";
  test::PgCluster& cluster = test::PgCluster::shared();
  const auto with_on = run_cases(cases, cluster.create_database(), true);
  const auto with_off = run_cases(cases, cluster.create_database(), false);
  EXPECT_GT(with_on.size(), 100u) << "most composed expressions apply";
  EXPECT_EQ(with_on, with_off) << "each applied expression gives the same value whatever the setting";
}

// Issue 14: index keys, partial-index predicates and generated columns go through the same
// one-expression rule. Every hostile string is tried as a key list, as a parenthesized key, as a
// predicate and as a generation expression; each accepted one becomes a CREATE INDEX or an ADD
// COLUMN that runs (or fails whole) on PostgreSQL with standard_conforming_strings on and off,
// and afterwards the tables are exactly the model's, `victim` untouched.
TEST(AnnotationFuzz, IndexKeysPredicatesAndGeneratedColumnsStayOneExpression) {
  Table keyed = named_table("keyed");
  keyed.columns = {text_column("c", std::nullopt), text_column("d", std::nullopt)};
  std::vector<Operation> accepted;
  std::size_t rejected = 0;
  std::mt19937 random(14);
  for (const std::string& text : hostile_strings(300)) {
    // As written (mostly not SQL), and composed into valid text expressions the server runs.
    const std::string composed = text_expression(text, random);
    std::vector<Index> indexes;
    for (const std::string& keys : {text, "(" + text + ")", "c, (" + text + ") DESC", "(" + composed + ")",
                                    "c text_pattern_ops, (c || " + composed + ") DESC NULLS LAST"}) {
      const Parsed<NamedColumns> parsed = parse_named_index_keys("ix|" + keys);
      if (parsed.value)
        indexes.push_back(Index{"ix_" + std::to_string(accepted.size() + indexes.size()), parsed.value->columns, false});
      else
        EXPECT_FALSE(parsed.error.empty()) << "a rejection says why";
      rejected += parsed.value ? 0 : 1;
    }
    const Parsed<NamedExpression> predicate = parse_named_expression("ix|" + (random() % 2 ? text : "c <> " + composed));
    if (predicate.value) {
      indexes.push_back(Index{"ix_" + std::to_string(accepted.size() + indexes.size()), {"c"}, true});
      indexes.back().where = predicate.value->expression;
    }
    for (const Index& index : indexes) accepted.push_back(CreateIndex{"public", "keyed", index});
    const Parsed<std::string> generated = parse_expression(random() % 2 ? text : "c || " + composed);
    if (generated.value) {
      Column column = text_column("g" + std::to_string(accepted.size()), std::nullopt);
      column.generated = *generated.value;
      accepted.push_back(AddColumn{"public", "keyed", column, {}});
    }
    rejected += (predicate.value ? 0 : 1) + (generated.value ? 0 : 1);
  }
  ASSERT_GT(accepted.size(), 200u);
  ASSERT_GT(rejected, 100u);
  test::PgCluster& cluster = test::PgCluster::shared();
  for (const bool standard_conforming_strings : {true, false}) {
    SCOPED_TRACE(standard_conforming_strings ? "standard_conforming_strings = on" : "off");
    pqxx::connection connection(cluster.create_database());
    {
      pqxx::nontransaction session(connection);
      session.exec("SET client_min_messages = error");
      session.exec(std::string("SET standard_conforming_strings = ") + (standard_conforming_strings ? "on" : "off"));
      session.exec("CREATE TABLE \"public\".\"victim\" (id integer); INSERT INTO \"public\".\"victim\" VALUES (1)");
      session.exec(up_script({}, {keyed}));
    }
    std::size_t applied = 0;
    for (const Operation& op : accepted) {
      try {
        pqxx::work work(connection);
        work.exec(render_script(render(op)));  // one simple-protocol call, as the migrator sends a revision
        work.commit();
        ++applied;
      } catch (const pqxx::sql_error&) {
        // The author's SQL may be wrong; then its revision fails and is rolled back, nothing more.
      }
    }
    std::cout << "[ fuzz     ] " << applied << " of " << accepted.size() << " index keys, predicates and generated "
              << "columns applied, " << rejected << " rejected\n";
    EXPECT_GT(applied, 300u);
    EXPECT_EQ(user_tables(connection), (std::set<std::string>{"public.victim", "public.keyed"}));
    pqxx::work work(connection);
    EXPECT_EQ(work.exec("SELECT count(*) FROM \"public\".\"victim\"")[0][0].as<int>(), 1);
  }
}

}  // namespace
}  // namespace strata

// Lint rules on a revision's SQL (issue 13): which statement triggers which rule, on existing and
// new tables, in their locking and online forms, and `-- strata:allow rule` acknowledging one
// statement. tests/generator/online_pair_golden_test.cpp holds them against squawk's verdicts.
#include "core/sql_lint.hpp"

#include <gtest/gtest.h>

#include "core/sql_script.hpp"

namespace strata {
namespace {

// "line rule" of each finding.
std::vector<std::string> found(std::string_view script) {
  std::vector<std::string> out;
  for (const SqlLintFinding& finding : lint_sql(script).findings)
    out.push_back(std::to_string(finding.line) + " " + finding.rule);
  return out;
}
using Lines = std::vector<std::string>;

TEST(SqlLint, LockingFormsOnAnExistingTable) {
  EXPECT_EQ(found(R"sql(CREATE INDEX ix_a_name ON accounts (name);
CREATE UNIQUE INDEX IF NOT EXISTS "ix_b" ON ONLY "public"."accounts" (lower(name));
DROP INDEX ix_a_name;
ALTER TABLE accounts ADD CONSTRAINT ck_seats CHECK (seats > 0);
ALTER TABLE accounts
  ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users (id);
ALTER TABLE accounts ADD CONSTRAINT uq_name UNIQUE (name);
ALTER TABLE accounts ALTER COLUMN seats TYPE bigint, ALTER name SET NOT NULL;
ALTER TABLE accounts ADD COLUMN code text NOT NULL;
ALTER TABLE accounts ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE accounts RENAME COLUMN name TO title;
ALTER TABLE accounts RENAME TO clients;
ALTER TABLE accounts DROP COLUMN IF EXISTS legacy;
DROP TABLE IF EXISTS audit.old_events, other;
ALTER TABLE accounts SET SCHEMA archive;
)sql"),
            (Lines{"1 require-concurrent-index-creation", "2 require-concurrent-index-creation",
                   "3 require-concurrent-index-deletion", "4 constraint-missing-not-valid",
                   "6 adding-foreign-key-constraint", "6 constraint-missing-not-valid",
                   "7 disallowed-unique-constraint", "7 constraint-missing-not-valid", "8 changing-column-type", "8 adding-not-nullable-field",
                   "9 adding-not-nullable-field", "10 adding-field-with-default", "11 renaming-column",
                   "12 renaming-table", "13 ban-drop-column", "14 ban-drop-table", "14 ban-drop-table",
                   "15 renaming-table"}));
}

TEST(SqlLint, OnlineFormsPass) {
  EXPECT_EQ(found(R"sql(CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON accounts (name);
DROP INDEX CONCURRENTLY IF EXISTS ix;
CREATE UNIQUE INDEX CONCURRENTLY uq_name ON accounts (name);
ALTER TABLE accounts ADD CONSTRAINT uq_name UNIQUE USING INDEX uq_name;
ALTER TABLE accounts ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT fk;
ALTER TABLE accounts ADD CONSTRAINT "ck_nn" CHECK ("name" IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT ck_nn;
ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT ck_nn;
ALTER TABLE accounts ADD COLUMN note text DEFAULT now();
)sql"),
            Lines{});
}

TEST(SqlLint, SetNotNullNeedsTheCheckValidatedFirstAndOnThatColumn) {
  EXPECT_EQ(found(R"sql(ALTER TABLE accounts ADD CONSTRAINT ck_nn CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
ALTER TABLE accounts VALIDATE CONSTRAINT ck_nn;
ALTER TABLE accounts ALTER COLUMN code SET NOT NULL;
ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
)sql"),
            (Lines{"2 adding-not-nullable-field", "4 adding-not-nullable-field"}));
}

TEST(SqlLint, TablesCreatedInTheScriptTakeNoLockRulesButTypeRules) {
  EXPECT_EQ(found(R"sql(CREATE TABLE IF NOT EXISTS "audit"."events" (
  id integer PRIMARY KEY,
  owner_id smallint,
  at timestamp(3) without time zone NOT NULL,
  seen timestamp with time zone,
  code char(3),
  name character varying(20),
  CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users (id)
);
CREATE INDEX ix_events_at ON audit.events (at);
ALTER TABLE audit.events ADD CONSTRAINT ck CHECK (id > 0), ADD COLUMN n text NOT NULL, DROP COLUMN code;
CREATE INDEX ix_events_other ON events (at);
)sql"),
            (Lines{"2 prefer-bigint-over-int", "3 prefer-bigint-over-int", "4 prefer-timestamptz", "6 ban-char-field",
                   "12 require-concurrent-index-creation"}));
}

TEST(SqlLint, AllowCommentAcknowledgesTheStatementItPrecedesOrIsIn) {
  const SqlLint lint = lint_sql(R"sql(-- strata:allow require-concurrent-index-creation
-- (the table is small)
CREATE INDEX a ON t (x);
CREATE INDEX b ON t (x);
ALTER TABLE t
  ALTER COLUMN x TYPE bigint,  -- strata:allow changing-column-type, ban-drop-column
  DROP COLUMN y;
DROP TABLE u;  -- strata:allow ban-drop-table
ALTER TABLE t RENAME x TO z;  -- strata:allow renaming-colum
)sql");
  std::vector<std::string> lines;
  for (const SqlLintFinding& finding : lint.findings) lines.push_back(std::to_string(finding.line) + " " + finding.rule);
  EXPECT_EQ(lines, (Lines{"4 require-concurrent-index-creation", "9 renaming-column"}));
  ASSERT_EQ(lint.unknown_rules.size(), 1u);
  EXPECT_EQ(lint.unknown_rules[0].rule, "renaming-colum");
  EXPECT_EQ(lint.unknown_rules[0].line, 9u);
}

TEST(SqlLint, WordsInsideStringsAndBodiesAreNotStatements) {
  EXPECT_EQ(found(R"sql(INSERT INTO notes VALUES ('CREATE INDEX ix ON t (x)');
DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$;
COMMENT ON TABLE t IS 'ALTER TABLE t DROP COLUMN c';
)sql"),
            Lines{});
}

TEST(SqlLint, UnterminatedQuoteIsAnError) { EXPECT_THROW(lint_sql("SELECT 'open;\n"), SqlScriptError); }

}  // namespace
}  // namespace strata

#include "core/sql_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace strata {
namespace {

void expect_canonical(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [written, canonical] : cases) EXPECT_EQ(canonical_sql_type(written), canonical) << written;
}

TEST(SqlType, IntegerAliases) {
  expect_canonical({{"int", "integer"}, {"int4", "integer"}, {"INTEGER", "integer"}, {"int2", "smallint"},
                    {"smallint", "smallint"}, {"int8", "bigint"}, {"BigInt", "bigint"}});
}

TEST(SqlType, BooleanAndFloatingPoint) {
  expect_canonical({{"bool", "boolean"}, {"boolean", "boolean"}, {"float4", "real"}, {"real", "real"},
                    {"float8", "double precision"}, {"double  precision", "double precision"},
                    {"float", "double precision"}, {"float(24)", "real"}, {"float(25)", "double precision"}});
}

TEST(SqlType, CharacterTypes) {
  expect_canonical({{"varchar(255)", "character varying(255)"}, {"VARCHAR (255)", "character varying(255)"},
                    {"character varying(10)", "character varying(10)"}, {"varchar", "character varying"},
                    {"char", "character(1)"}, {"char(3)", "character(3)"}, {"text", "text"}});
}

TEST(SqlType, NumericWithPrecision) {
  expect_canonical({{"decimal(10, 2)", "numeric(10,2)"}, {"numeric(12,4)", "numeric(12,4)"}, {"numeric", "numeric"}});
}

TEST(SqlType, DateTimeTypes) {
  expect_canonical({{"timestamptz", "timestamp with time zone"},
                    {"TIMESTAMP WITH TIME ZONE", "timestamp with time zone"},
                    {"timestamp", "timestamp without time zone"},
                    {"timestamp(3)", "timestamp(3) without time zone"},
                    {"timestamptz(6)", "timestamp(6) with time zone"},
                    {"timestamp(3) with time zone", "timestamp(3) with time zone"},
                    {"time", "time without time zone"},
                    {"timetz", "time with time zone"},
                    {"date", "date"},
                    {"interval", "interval"}});
}

TEST(SqlType, OtherTypesKeepTheirName) {
  expect_canonical({{"UUID", "uuid"}, {"jsonb", "jsonb"}, {" inet ", "inet"}, {"bytea", "bytea"},
                    {"varbit(8)", "bit varying(8)"}, {"bit", "bit(1)"}});
}

TEST(SqlType, Arrays) {
  expect_canonical({{"int[]", "integer[]"}, {"text[]", "text[]"}, {"varchar(20)[]", "character varying(20)[]"},
                    {"int[3]", "integer[]"}, {"int[][]", "integer[]"}, {"integer ARRAY", "integer[]"},
                    {"timestamptz []", "timestamp with time zone[]"}});
}

TEST(SqlType, UserTypesAreQualifiedAndQuoted) {
  EXPECT_EQ(enum_sql_type("public", "tenant_plan"), "\"public\".\"tenant_plan\"");
  EXPECT_EQ(array_sql_type(enum_sql_type("audit", "consent_kind")), "\"audit\".\"consent_kind\"[]");
  expect_canonical({{"\"public\".\"tenant_plan\"", "\"public\".\"tenant_plan\""},
                    {"audit.consent_kind", "\"audit\".\"consent_kind\""},
                    {"Audit.\"Kind\"[]", "\"audit\".\"Kind\"[]"}});
}

TEST(SqlType, CanonicalSpellingIsAFixedPoint) {
  for (const char* type : {"integer", "character varying(255)", "timestamp(3) with time zone", "numeric(10,2)",
                           "\"public\".\"tenant_plan\"[]", "double precision[]", "bit varying(8)"})
    EXPECT_EQ(canonical_sql_type(type), type);
}

}  // namespace
}  // namespace strata

// Models the scanner must refuse: each error located at the declaration (file:line:col, the
// column of the declared name) with its exact message, and every error of a run reported at once.
#include "generator/scanner.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace strata {

void PrintTo(const Diagnostic& diagnostic, std::ostream* out) { *out << format(diagnostic); }

namespace {

const std::string kModel = "/virtual/models/t.hpp";

ScanResult scan(const std::string& source) {
  ScanOptions options;
  options.headers = {kModel};
  options.unsaved_files = {{kModel, source}};
  return scan_models(options);
}

Diagnostic error_at(unsigned line, unsigned column, std::string message) {
  return Diagnostic{Diagnostic::Severity::Error, SourceLocation{kModel, line, column}, std::move(message)};
}

std::vector<Diagnostic> diagnostics_of(const std::string& source) { return scan(source).diagnostics; }

TEST(BadModel, UnknownClassType) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct Uuid { long hi, lo; };
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  Uuid external_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 8, "member 'external_id' has type 'Uuid', which has no SQL mapping; "
                                                   "give it an explicit STRATA_TYPE(\"...\")")});
}

TEST(BadModel, UnsignedInteger) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <cstdint>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  std::uint32_t login_count;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 17, "member 'login_count' has unsigned type 'std::uint32_t', which "
                                                    "PostgreSQL does not have; use a signed type or give it an explicit "
                                                    "STRATA_TYPE(\"...\")")});
}

TEST(BadModel, UnsignedInsideOptional) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <optional>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  std::optional<unsigned> quota;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 27, "member 'quota' has unsigned type 'unsigned int', which PostgreSQL "
                                                    "does not have; use a signed type or give it an explicit "
                                                    "STRATA_TYPE(\"...\")")});
}

TEST(BadModel, RawPointer) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("nodes") Node {
  STRATA_PK long id;
  Node* parent;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 9, "member 'parent' is a raw pointer ('Node *'), which cannot be "
                                                   "stored; store the referenced key instead or give it an explicit "
                                                   "STRATA_TYPE(\"...\")")});
}

TEST(BadModel, EnumWithoutStrataEnum) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
enum class Color { red, green };
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  Color color;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 9, "member 'color' has enum type 'Color', which is not a STRATA_ENUM; "
                                                   "annotate the enum with STRATA_ENUM(\"name\") or give the member an "
                                                   "explicit STRATA_TYPE(\"...\")")});
}

TEST(BadModel, ForeignKeyToMissingTable) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenant.id") STRATA_INDEXED long tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 46, "foreign key 'fk_users_tenant_id_tenant' references table "
                                                    "'public.tenant', which does not exist")});
}

TEST(BadModel, ForeignKeyToMissingColumn) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.uid") STRATA_INDEXED long tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 48, "foreign key 'fk_users_tenant_id_tenants' references column "
                                                    "'public.tenants.uid', which does not exist")});
}

TEST(BadModel, ForeignKeyTypeMismatch) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_INDEXED int tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 46, "foreign key 'fk_users_tenant_id_tenants': column 'tenant_id' has "
                                                    "type integer but the referenced column 'public.tenants.id' has "
                                                    "type bigint")});
}

TEST(BadModel, DuplicateTableName) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("users") User { STRATA_PK long id; };
namespace v2 {
struct STRATA_TABLE("users") User { STRATA_PK long id; };
}
)cpp"),
            std::vector<Diagnostic>{error_at(4, 30, "duplicate table 'public.users' (first declared at " + kModel +
                                                    ":2:30)")});
}

TEST(BadModel, DuplicateColumnName) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  long email;
  STRATA_COLUMN("email") long mail;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 31, "duplicate column 'email' in table 'public.users' (first declared "
                                                    "at " + kModel + ":4:8)")});
}

TEST(BadModel, TableWithoutPrimaryKey) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("logs") Log {
  long line;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 29, "table 'public.logs' has no primary key; mark a member STRATA_PK "
                                                    "or add STRATA_PRIMARY_KEY(\"...\")")});
}

TEST(BadModel, LengthThatIsNotANumber) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <string>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_LENGTH(abc) std::string name;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 34, "STRATA_LENGTH(abc) on member 'name': expected a length between 1 "
                                                    "and 10485760")});
}

TEST(BadModel, LengthOnANonString) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_LENGTH(10) long code;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 26, "STRATA_LENGTH(10) on member 'code': only std::string members "
                                                    "take a length")});
}

TEST(BadModel, EmptyColumnName) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK STRATA_COLUMN("") long id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(3, 36, "STRATA_COLUMN(\"\") on member 'id': the name is empty")});
}

TEST(BadModel, BadColumnList) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix_t_a_b", "a,,b") T {
  STRATA_PK long id;
  int a;
  int b;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 59, "STRATA_INDEX(\"ix_t_a_b\", \"a,,b\") on struct 'T': the key "
                                                    "list has an empty entry")});
}

TEST(BadModel, UnknownForeignKeyAction) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_ON_DELETE("cascades") STRATA_INDEXED long tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 76, "STRATA_ON_DELETE(\"cascades\") on member 'tenant_id': unknown "
                                                    "action 'cascades' (expected cascade, restrict, set null, set "
                                                    "default or no action)")});
}

TEST(BadModel, MalformedForeignKeyTarget) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants") long tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 29, "STRATA_FK(\"tenants\") on member 'tenant_id': expected "
                                                    "\"table.column\" or \"schema.table.column\"")});
}

TEST(BadModel, TableNameOver63Bytes) {
  const std::string name(64, 'a');
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE(")cpp" + name + R"cpp(") T { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 89, "table name '" + name + "' is 64 bytes long; PostgreSQL "
                                                    "identifiers are at most 63 bytes")});
}

TEST(BadModel, EnumWithoutLabels) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
enum class STRATA_ENUM("nothing") Nothing {};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 35, "enum 'public.nothing' has no labels; PostgreSQL enums need at "
                                                    "least one")});
}

TEST(BadModel, AnnotationOnTransientMember) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_TRANSIENT STRATA_DEFAULT("0") STRATA_INDEXED long cached_total;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 60, "STRATA_TRANSIENT member 'cached_total' is not persisted and takes "
                                                    "no other annotation (STRATA_DEFAULT(\"0\"), STRATA_INDEXED)")});
}

TEST(BadModel, RenamedFromAColumnThatStillExists) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  long name;
  STRATA_RENAMED_FROM("name") long display_name;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 36, "column 'display_name' of table 'public.t' is marked "
                                                    "STRATA_RENAMED_FROM(\"name\"), but column 'name' still exists")});
}

TEST(BadModel, RenamedFromATableThatStillExists) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("customers") C { STRATA_PK long id; };
struct STRATA_TABLE("accounts") STRATA_RENAMED_FROM("customers") A { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(3, 66, "table 'public.accounts' is marked STRATA_RENAMED_FROM(\"customers\"), "
                                                    "but table 'public.customers' still exists")});
}

TEST(BadModel, RenamedFromAnEnumOrLabelThatStillExists) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
enum class STRATA_ENUM("plan") Plan { free, pro };
enum class STRATA_ENUM("tier") STRATA_RENAMED_FROM("plan") Tier { free, team STRATA_RENAMED_FROM("free") };
)cpp"),
            (std::vector<Diagnostic>{
                error_at(3, 60, "enum 'public.tier' is marked STRATA_RENAMED_FROM(\"plan\"), but enum 'public.plan' "
                                "still exists"),
                error_at(3, 73, "label 'team' of enum 'public.tier' is marked STRATA_RENAMED_FROM(\"free\"), but label "
                                "'free' still exists")}));
}

TEST(BadModel, RenamedFromOnAnEnumeratorIsTheOnlyAnnotationThere) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
enum class STRATA_ENUM("plan") Plan { free STRATA_COMMENT("no"), pro };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 39, "STRATA_COMMENT(\"no\") is not allowed on enumerator 'free' of enum 'Plan'")});
}

TEST(BadModel, BothPkMembersAndPrimaryKey) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_PRIMARY_KEY("a, b") T {
  STRATA_PK long a;
  long b;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 53, "table 'public.t' has both STRATA_PK members and "
                                                    "STRATA_PRIMARY_KEY(\"a, b\"); declare the primary key one way")});
}

TEST(BadModel, EmptySchemaName) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_SCHEMA("") T { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 44, "empty schema name in STRATA_SCHEMA(\"\") on struct 'T'")});
}

TEST(BadModel, PrimaryKeyNamingAMissingColumn) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("user_roles") STRATA_PRIMARY_KEY("user_id, role") UserRole {
  long user_id;
  long role_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 71, "primary key 'pk_user_roles' of table 'public.user_roles' names "
                                                    "column 'role', which does not exist")});
}

TEST(BadModel, IndexNamingAMissingColumn) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_UNIQUE_INDEX("ux_t_code", "code") T { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 67, "unique index 'ux_t_code' of table 'public.t' names column 'code', "
                                                    "which does not exist")});
}

TEST(BadModel, TwoIndexesWithOneNameInASchema) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("a") STRATA_INDEX("ix_created", "created") A { STRATA_PK long id; long created; };
struct STRATA_TABLE("b") STRATA_INDEX("ix_created", "created") B { STRATA_PK long id; long created; };
)cpp"),
            std::vector<Diagnostic>{error_at(3, 64, "index name 'ix_created' on table 'public.b' is already used by the "
                                                    "index on table 'public.a' in schema 'public'")});
}

TEST(BadModel, OnDeleteWithoutForeignKey) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_ON_DELETE("cascade") long owner_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 36, "STRATA_ON_DELETE(\"cascade\") on member 'owner_id' without STRATA_FK")});
}

TEST(BadModel, AnnotationInTheWrongPlace) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_PK T {
  STRATA_PK STRATA_TABLE("x") long id;
};
)cpp"),
            (std::vector<Diagnostic>{error_at(2, 36, "STRATA_PK is not allowed on struct 'T'"),
                                     error_at(3, 36, "STRATA_TABLE(\"x\") is not allowed on member 'id'")}));
}

TEST(BadModel, EmptyTableName) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("") T { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 25, "STRATA_TABLE(\"\") on struct 'T': the name is empty")});
}

TEST(BadModel, BothNullableAndNotNull) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_NULLABLE STRATA_NOT_NULL long note;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 40, "member 'note' has both STRATA_NULLABLE and STRATA_NOT_NULL")});
}

TEST(BadModel, MemberAnnotationGivenTwice) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK STRATA_DEFAULT("1") STRATA_DEFAULT("2") long id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(3, 58, "STRATA_DEFAULT(\"2\") is given more than once on member 'id'")});
}

TEST(BadModel, LengthWithExplicitType) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <string>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_TYPE("varchar(10)") STRATA_LENGTH(20) std::string code;
};
)cpp"),
            std::vector<Diagnostic>{error_at(5, 60, "STRATA_LENGTH(20) on member 'code' conflicts with "
                                                    "STRATA_TYPE(\"varchar(10)\"); write the length in the type")});
}

TEST(BadModel, UnindexedForeignKeyIsOnlyAWarning) {
  ScanResult result = scan(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") long tenant_id;
};
)cpp");
  EXPECT_EQ(result.diagnostics,
            (std::vector<Diagnostic>{Diagnostic{Diagnostic::Severity::Warning, SourceLocation{kModel, 5, 32},
                                                "foreign key column 'tenant_id' of table 'public.users' has no index "
                                                "(PostgreSQL does not create one); add STRATA_INDEXED or an index "
                                                "starting with it"}}));
  EXPECT_FALSE(has_errors(result.diagnostics));
  EXPECT_NE(result.graph.find_table("public", "users"), nullptr);
}

TEST(BadModel, HeaderThatDoesNotCompile) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  strin name;
};
)cpp"),
            std::vector<Diagnostic>{error_at(4, 3, "unknown type name 'strin'")});
}

TEST(BadModel, MisspelledMacroIsACompileError) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T {
  STRATA_PK STRATA_INDEXD long id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(3, 13, "unknown type name 'STRATA_INDEXD'")});
}

TEST(BadModel, MissingHeaderHasNoLocation) {
  ScanOptions options;
  options.headers = {"/virtual/models/missing.hpp"};
  ScanResult result = scan_models(options);
  EXPECT_EQ(result.diagnostics,
            (std::vector<Diagnostic>{Diagnostic{Diagnostic::Severity::Error, SourceLocation{},
                                                "'/virtual/models/missing.hpp' file not found"}}));
}

// Annotations that are SQL are pasted into statements: each must be exactly one expression, or
// a model could end the statement and run another (issue 11: a default that dropped a table).
TEST(BadModel, SqlAnnotationThatIsNotOneExpression) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <string>
struct STRATA_TABLE("t") STRATA_CHECK_TABLE("ck_t_range", "lo < hi) OR (true") T {
  STRATA_PK long id;
  STRATA_DEFAULT("0; DROP TABLE \"public\".\"victim\"; SELECT 1 WHERE true IS") long lo;
  STRATA_CHECK("hi > 0 -- and the rest") long hi;
  STRATA_TYPE("text); DROP TABLE victim; --") std::string note;
  STRATA_DEFAULT("'unclosed") std::string label;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(3, 80, "STRATA_CHECK_TABLE(\"ck_t_range\", \"lo < hi) OR (true\") on struct 'T': not one SQL "
                                "expression: unbalanced parentheses: ')' without '('"),
                error_at(5, 86, "STRATA_DEFAULT(\"0; DROP TABLE \"public\".\"victim\"; SELECT 1 WHERE true IS\") on "
                                "member 'lo': not one SQL expression: ';' outside quotes: it must be one SQL "
                                "expression, not statements"),
                error_at(6, 47, "STRATA_CHECK(\"hi > 0 -- and the rest\") on member 'hi': not one SQL expression: a "
                                "comment (--) is not allowed in it"),
                error_at(7, 59, "STRATA_TYPE(\"text); DROP TABLE victim; --\") on member 'note': not a type: "
                                "unbalanced `)`"),
                error_at(8, 43, "STRATA_DEFAULT(\"'unclosed\") on member 'label': not one SQL expression: "
                                "unterminated string literal")}));
}

TEST(BadModel, AllErrorsOfARunAreReportedTogetherInSourceOrder) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE("logs") Log {
  std::uint64_t sequence;
  STRATA_LENGTH(0) std::string message;
};
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_INDEXED long tenant_id;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(4, 29, "table 'public.logs' has no primary key; mark a member STRATA_PK or add "
                                "STRATA_PRIMARY_KEY(\"...\")"),
                error_at(5, 17, "member 'sequence' has unsigned type 'std::uint64_t', which PostgreSQL does not have; "
                                "use a signed type or give it an explicit STRATA_TYPE(\"...\")"),
                error_at(6, 32, "STRATA_LENGTH(0) on member 'message': expected a length between 1 and 10485760"),
                error_at(10, 47, "foreign key 'fk_users_tenant_id_tenants' references table 'public.tenants', which "
                                 "does not exist")}));
}

// Issue 14: each new annotation refuses what it cannot mean, at the struct (or member) with the reason.
TEST(BadModel, UnknownIndexMethod) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix_t_tags", "tags") STRATA_INDEX_USING("ix_t_tags", "gim") T {
  STRATA_PK long id;
  long tags;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 99, "STRATA_INDEX_USING(\"ix_t_tags\", \"gim\") on struct 'T': unknown "
                                                    "index method 'gim' (expected btree, hash, gin, gist, brin or spgist)")});
}

TEST(BadModel, UnknownColumnInAnIndexKey) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix_t_email", "lower(email), missing DESC") T {
  STRATA_PK long id;
  long email;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 83, "index 'ix_t_email' of table 'public.t' names column 'missing', "
                                                    "which does not exist")});
}

TEST(BadModel, AnIndexKeyThatIsNotOneExpression) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix", "(id); DROP TABLE victim") T { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 72, "STRATA_INDEX(\"ix\", \"(id); DROP TABLE victim\") on struct 'T': "
                                                    "not a list of SQL expressions: ';' outside quotes: it must be one "
                                                    "SQL expression, not statements")});
}

TEST(BadModel, CompositeForeignKeyWithMismatchedColumnCounts) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("p") STRATA_PRIMARY_KEY("x") P { long x; };
struct STRATA_TABLE("t") STRATA_FOREIGN_KEY("fk_t_p", "a, b", "public.p(x)") T { STRATA_PK long a; long b; };
)cpp"),
            std::vector<Diagnostic>{error_at(3, 78, "STRATA_FOREIGN_KEY(\"fk_t_p\", \"a, b\", \"public.p(x)\") on struct "
                                                    "'T': 2 column(s) but 1 referenced column(s)")});
}

TEST(BadModel, IndexOptionsForAnIndexNotDeclared) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix_t_a", "a") STRATA_INDEX_WHERE("ix_t_b", "a > 0")
    STRATA_NULLS_NOT_DISTINCT("ix_t_a") STRATA_FOREIGN_KEY_ON_DELETE("fk_none", "cascade") T {
  STRATA_PK long id;
  long a;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(3, 92, "STRATA_INDEX_WHERE(\"ix_t_b\", \"a > 0\") on struct 'T': no STRATA_INDEX or "
                                "STRATA_UNIQUE_INDEX named 'ix_t_b' on it"),
                error_at(3, 92, "STRATA_NULLS_NOT_DISTINCT(\"ix_t_a\") on struct 'T': no unique constraint or unique "
                                "index named 'ix_t_a' on it"),
                error_at(3, 92, "STRATA_FOREIGN_KEY_ON_DELETE(\"fk_none\", \"cascade\") on struct 'T': no "
                                "STRATA_FOREIGN_KEY named 'fk_none' on it")}));
}

TEST(BadModel, GeneratedColumnWithADefaultAndLabelOffAnEnumerator) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_LABEL("x") T {
  STRATA_PK long id;
  STRATA_DEFAULT("0") STRATA_GENERATED("id * 2") long twice;
  STRATA_GENERATED("id; DROP TABLE victim") long bad;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(2, 44, "STRATA_LABEL(\"x\") is not allowed on struct 'T'"),
                error_at(4, 55, "STRATA_GENERATED(\"id * 2\") on member 'twice' conflicts with STRATA_DEFAULT(\"0\"): a "
                                "generated column has neither a default nor an identity"),
                error_at(5, 50, "STRATA_GENERATED(\"id; DROP TABLE victim\") on member 'bad': not one SQL expression: "
                                "';' outside quotes: it must be one SQL expression, not statements")}));
}

// Issue 14: a column clause written into STRATA_TYPE would be pasted into the DDL (garbled SQL);
// it is a model error naming the annotation to use. Types of several words, modifiers, arrays
// and schema-qualified names still pass.
TEST(BadModel, ColumnClausesInStrataType) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
#include <string>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_TYPE("integer GENERATED ALWAYS AS (id * 2) STORED") int twice;
  STRATA_TYPE("text NOT NULL") std::string a;
  STRATA_TYPE("text DEFAULT 'x'") std::string b;
  STRATA_TYPE("varchar(10) COLLATE \"C\"") std::string c;
  STRATA_TYPE("timestamp(3) with time zone") std::string ok1;
  STRATA_TYPE("character varying(20)[]") std::string ok2;
  STRATA_TYPE("double precision") double ok3;
  STRATA_TYPE("numeric(12, 2) ARRAY[3]") std::string ok4;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(5, 66, "STRATA_TYPE(\"integer GENERATED ALWAYS AS (id * 2) STORED\") on member 'twice': not a "
                               "type: `GENERATED` begins a column clause, not part of a type; say it with "
                               "STRATA_GENERATED or STRATA_IDENTITY"),
                error_at(6, 44, "STRATA_TYPE(\"text NOT NULL\") on member 'a': not a type: `NOT` begins a column "
                               "clause, not part of a type; say it with std::optional for a nullable column, a plain "
                               "member for NOT NULL"),
                error_at(7, 47, "STRATA_TYPE(\"text DEFAULT 'x'\") on member 'b': not a type: `DEFAULT` begins a "
                               "column clause, not part of a type; say it with STRATA_DEFAULT"),
                error_at(8, 56, "STRATA_TYPE(\"varchar(10) COLLATE \"C\"\") on member 'c': not a type: `COLLATE` "
                               "begins a column clause, not part of a type; say it with a collation on the column "
                               "(not supported: use a type without one)")}));
}

TEST(BadModel, EnumLabelGivenTwice) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
enum class STRATA_ENUM("status") Status { shipped, not_shipped STRATA_LABEL("shipped") };
)cpp"),
            std::vector<Diagnostic>{error_at(2, 52, "enumerator 'not_shipped' of enum 'Status': label 'shipped' is "
                                                    "given twice")});
}

TEST(BadModel, MovedFromATableThatStillExists) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("reports") R { STRATA_PK long id; };
struct STRATA_TABLE("reports") STRATA_SCHEMA("archive") STRATA_RENAMED_FROM("public.reports") A { STRATA_PK long id; };
)cpp"),
            std::vector<Diagnostic>{error_at(3, 95, "table 'archive.reports' is marked STRATA_RENAMED_FROM(\"public."
                                                    "reports\"), but table 'public.reports' still exists")});
}

// ---- row security (issue 14) ----

TEST(BadModel, PolicyOnTableWithoutRowSecurity) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("docs") STRATA_POLICY("own", "ALL", "tenant_id = 1") Doc {
  STRATA_PK long id;
  long tenant_id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 74, "policy 'own' on table 'public.docs', which has no "
                                                    "STRATA_ROW_SECURITY (PostgreSQL would not apply it)")});
}

TEST(BadModel, PolicyWithUnknownCommand) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("docs") STRATA_ROW_SECURITY STRATA_POLICY("own", "TRUNCATE", "true") Doc {
  STRATA_PK long id;
};
)cpp"),
            std::vector<Diagnostic>{error_at(2, 90, "STRATA_POLICY(\"own\", \"TRUNCATE\", \"true\") on struct 'Doc': "
                                                    "unknown command 'TRUNCATE' (expected ALL, SELECT, INSERT, UPDATE "
                                                    "or DELETE)")});
}

// The one-expression rule: text that would end CREATE POLICY and run a statement of its own.
TEST(BadModel, PolicyExpressionThatSmugglesAStatement) {
  const std::vector<Diagnostic> found = diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("docs") STRATA_ROW_SECURITY
  STRATA_POLICY("own", "ALL", "true); DROP TABLE docs; --")
  STRATA_POLICY_CHECK("own", "true') OR ('1") Doc {
  STRATA_PK long id;
};
)cpp");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(found[0].message.find("not one SQL expression"), std::string::npos) << found[0].message;
  EXPECT_NE(found[1].message.find("STRATA_POLICY_CHECK"), std::string::npos) << found[1].message;
}

TEST(BadModel, PolicyCheckAndRolesNamingNoPolicy) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("docs") STRATA_ROW_SECURITY STRATA_POLICY_CHECK("own", "true")
    STRATA_POLICY_ROLES("mine", "app_user") Doc {
  STRATA_PK long id;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(3, 45, "STRATA_POLICY_CHECK(\"own\", \"true\") names policy 'own', which no STRATA_POLICY declares"),
                error_at(3, 45, "STRATA_POLICY_ROLES(\"mine\", \"app_user\") names policy 'mine', which no "
                                "STRATA_POLICY declares")}));
}

TEST(BadModel, PolicyClausesTheCommandDoesNotHave) {
  EXPECT_EQ(diagnostics_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("docs") STRATA_ROW_SECURITY
    STRATA_POLICY("ins", "INSERT", "true")
    STRATA_POLICY("sel", "SELECT", "true") STRATA_POLICY_CHECK("sel", "true")
    STRATA_POLICY("upd", "UPDATE", "") STRATA_POLICY_ROLES("sel", "public, app_user") Doc {
  STRATA_PK long id;
};
)cpp"),
            (std::vector<Diagnostic>{
                error_at(5, 87, "STRATA_POLICY(\"ins\", \"INSERT\", \"true\"): an INSERT policy has no USING; give "
                                "\"\" and STRATA_POLICY_CHECK"),
                error_at(5, 87, "STRATA_POLICY(\"upd\", \"UPDATE\", \"\"): the USING expression is empty (only an "
                                "INSERT policy has none)"),
                error_at(5, 87, "STRATA_POLICY_CHECK(\"sel\", \"true\"): a SELECT policy has no WITH CHECK"),
                error_at(5, 87, "STRATA_POLICY_ROLES(\"sel\", \"public, app_user\"): PUBLIC includes every role; give "
                                "it alone")}));
}

}  // namespace
}  // namespace strata

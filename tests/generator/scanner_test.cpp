// The scanner on model snippets served from memory: one test per annotation and per row of the
// type mapping (DESIGN.md), plus the graph-level behaviour (inheritance, schemas, dependencies).
#include "generator/scanner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>

namespace strata {

void PrintTo(const Diagnostic& diagnostic, std::ostream* out) { *out << format(diagnostic); }
void PrintTo(const SourceLocation& location, std::ostream* out) {
  *out << location.file << ":" << location.line << ":" << location.column;
}

namespace {

const std::string kModel = "/virtual/models/t.hpp";

ScanResult scan(const std::string& source) {
  ScanOptions options;
  options.headers = {kModel};
  options.unsaved_files = {{kModel, source}};
  return scan_models(options);
}

// Scans `source` and expects a valid model: no diagnostics at all.
ScanResult scan_valid(const std::string& source) {
  ScanResult result = scan(source);
  for (const Diagnostic& diagnostic : result.diagnostics) ADD_FAILURE() << format(diagnostic);
  return result;
}

const Table& table_of(const ScanResult& result, const std::string& schema, const std::string& table) {
  const Table* found = result.graph.find_table(schema, table);
  if (!found) throw std::runtime_error("no table " + schema + "." + table);
  return *found;
}

const Column& column_of(const ScanResult& result, const std::string& table, const std::string& column,
                        const std::string& schema = "public") {
  const Column* found = table_of(result, schema, table).find_column(column);
  if (!found) throw std::runtime_error("no column " + column);
  return *found;
}

// The SQL type and nullability of the one column `c` of table `t` declared as `declaration`.
Column column_declared_as(const std::string& declaration) {
  ScanResult result = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
enum class STRATA_ENUM("tenant_plan") Plan { free, pro };
struct STRATA_TABLE("t") T {
  STRATA_PK std::int64_t id;
  )cpp" + declaration + R"cpp(
};
)cpp");
  return column_of(result, "t", "c");
}

// ---- type mapping ----

TEST(ScannerTypes, BoolIsBoolean) { EXPECT_EQ(column_declared_as("bool c;").type, "boolean"); }
TEST(ScannerTypes, Int16IsSmallint) { EXPECT_EQ(column_declared_as("std::int16_t c;").type, "smallint"); }
TEST(ScannerTypes, Int32IsInteger) { EXPECT_EQ(column_declared_as("std::int32_t c;").type, "integer"); }
TEST(ScannerTypes, Int64IsBigint) { EXPECT_EQ(column_declared_as("int64_t c;").type, "bigint"); }
TEST(ScannerTypes, FloatIsReal) { EXPECT_EQ(column_declared_as("float c;").type, "real"); }
TEST(ScannerTypes, DoubleIsDoublePrecision) { EXPECT_EQ(column_declared_as("double c;").type, "double precision"); }
TEST(ScannerTypes, StringIsText) { EXPECT_EQ(column_declared_as("std::string c;").type, "text"); }

TEST(ScannerTypes, TimePointIsTimestamptz) {
  EXPECT_EQ(column_declared_as("std::chrono::system_clock::time_point c;").type, "timestamp with time zone");
}

TEST(ScannerTypes, ByteVectorsAreBytea) {
  EXPECT_EQ(column_declared_as("std::vector<std::uint8_t> c;").type, "bytea");
  EXPECT_EQ(column_declared_as("std::vector<std::byte> c;").type, "bytea");
}

TEST(ScannerTypes, VectorOfMappedScalarIsArray) {
  EXPECT_EQ(column_declared_as("std::vector<std::int32_t> c;").type, "integer[]");
  EXPECT_EQ(column_declared_as("std::vector<std::string> c;").type, "text[]");
  EXPECT_EQ(column_declared_as("std::vector<Plan> c;").type, "\"public\".\"tenant_plan\"[]");
}

TEST(ScannerTypes, StrataEnumIsItsEnumType) {
  EXPECT_EQ(column_declared_as("Plan c;").type, "\"public\".\"tenant_plan\"");
}

TEST(ScannerTypes, OptionalIsNullable) {
  Column c = column_declared_as("std::optional<std::string> c;");
  EXPECT_EQ(c.type, "text");
  EXPECT_TRUE(c.nullable);
}

TEST(ScannerTypes, MembersAreNotNullByDefault) { EXPECT_FALSE(column_declared_as("std::string c;").nullable); }

TEST(ScannerTypes, AliasesMapLikeWhatTheyName) {
  EXPECT_EQ(column_declared_as("using Id = long; Id c;").type, "bigint");
}

// A type is mapped once per scan; every member of it, under any spelling, gets that mapping, and a
// type that has none is reported in each member's own spelling.
TEST(ScannerTypes, ManyMembersOfOneTypeUnderSeveralSpellings) {
  const ScanResult r = scan(R"cpp(#include <strata/annotate.hpp>
#include <cstdint>
#include <optional>
using Id = std::int64_t;
using Count = unsigned;
struct STRATA_TABLE("t") T { STRATA_PK long id; Id a; std::int64_t b; std::optional<Id> c; std::optional<long> d;
  unsigned e; Count f; };
struct STRATA_TABLE("u") U { STRATA_PK Id id; std::optional<std::int64_t> g; };
)cpp");
  for (const char* column : {"id", "a", "b"}) EXPECT_EQ(column_of(r, "t", column).type, "bigint") << column;
  for (const char* column : {"c", "d"}) {
    EXPECT_EQ(column_of(r, "t", column).type, "bigint") << column;
    EXPECT_TRUE(column_of(r, "t", column).nullable) << column;
    EXPECT_FALSE(column_of(r, "t", column).identity) << column;
  }
  EXPECT_EQ(column_of(r, "u", "g").type, "bigint");
  EXPECT_TRUE(column_of(r, "u", "g").nullable);
  EXPECT_FALSE(column_of(r, "u", "id").nullable);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_NE(r.diagnostics[0].message.find("member 'e' has unsigned type 'unsigned int'"), std::string::npos)
      << r.diagnostics[0].message;
  EXPECT_NE(r.diagnostics[1].message.find("member 'f' has unsigned type 'Count'"), std::string::npos)
      << r.diagnostics[1].message;
}

// ---- member annotations ----

TEST(ScannerAnnotations, Pk) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK long id; int other; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").primary_key, (PrimaryKey{"pk_t", {"id"}}));
}

TEST(ScannerAnnotations, PkOnSeveralMembersIsComposite) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK long a; int other; STRATA_PK long b; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").primary_key, (PrimaryKey{"pk_t", {"a", "b"}}));
}

TEST(ScannerAnnotations, Identity) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK STRATA_IDENTITY long id; long plain; };
)cpp");
  EXPECT_TRUE(column_of(r, "t", "id").identity);
  EXPECT_FALSE(column_of(r, "t", "plain").identity);
}

TEST(ScannerAnnotations, Column) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK STRATA_COLUMN("user_id") long id; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").columns.at(0).name, "user_id");
  EXPECT_EQ(table_of(r, "public", "t").primary_key.columns, (std::vector<std::string>{"user_id"}));
  EXPECT_EQ(r.locations.at("public.t.user_id"), (SourceLocation{kModel, 2, 70}));
}

TEST(ScannerAnnotations, TypeOverridesTheMappingAndIsCanonical) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <optional>
#include <string>
struct Uuid { unsigned char bytes[16]; };
struct STRATA_TABLE("t") T {
  STRATA_PK STRATA_TYPE("UUID") Uuid id;
  STRATA_TYPE("timestamptz") std::optional<std::string> seen_at;
  STRATA_TYPE("varchar(20)") std::string code;
};
)cpp");
  EXPECT_EQ(column_of(r, "t", "id").type, "uuid");
  EXPECT_EQ(column_of(r, "t", "seen_at").type, "timestamp with time zone");
  EXPECT_TRUE(column_of(r, "t", "seen_at").nullable);
  EXPECT_EQ(column_of(r, "t", "code").type, "character varying(20)");
}

TEST(ScannerAnnotations, TypeNamingAStrataEnumIsQualified) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <string>
#include <vector>
enum class STRATA_ENUM("tenant_plan") Plan { free, pro };
enum class STRATA_ENUM("kind") STRATA_SCHEMA("audit") Kind { a };
struct STRATA_TABLE("t") STRATA_SCHEMA("audit") T {
  STRATA_PK long id;
  STRATA_TYPE("tenant_plan") std::string plan;
  STRATA_TYPE("kind[]") std::vector<std::string> kinds;
  STRATA_TYPE("citext") std::string other;
};
)cpp");
  EXPECT_EQ(column_of(r, "t", "plan", "audit").type, "\"public\".\"tenant_plan\"");
  EXPECT_EQ(column_of(r, "t", "kinds", "audit").type, "\"audit\".\"kind\"[]");
  EXPECT_EQ(column_of(r, "t", "other", "audit").type, "citext");
}

TEST(ScannerAnnotations, LengthMakesVarchar) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <optional>
#include <string>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_LENGTH(255) std::string email;
  STRATA_LENGTH(8) std::optional<std::string> code;
};
)cpp");
  EXPECT_EQ(column_of(r, "t", "email").type, "character varying(255)");
  EXPECT_EQ(column_of(r, "t", "code").type, "character varying(8)");
  EXPECT_TRUE(column_of(r, "t", "code").nullable);
}

TEST(ScannerAnnotations, NullableAndNotNullOverrideTheInference) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <optional>
#include <string>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_NULLABLE std::string nickname;
  STRATA_NOT_NULL std::optional<std::string> name;
};
)cpp");
  EXPECT_TRUE(column_of(r, "t", "nickname").nullable);
  EXPECT_FALSE(column_of(r, "t", "name").nullable);
}

TEST(ScannerAnnotations, Unique) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK long id; STRATA_UNIQUE int code; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").uniques, (std::vector<UniqueConstraint>{UniqueConstraint{"uq_t_code", {"code"}}}));
}

TEST(ScannerAnnotations, Indexed) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK long id; STRATA_INDEXED int code; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").indexes, (std::vector<Index>{Index{"ix_t_code", {"code"}, false}}));
}

TEST(ScannerAnnotations, Default) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <chrono>
struct STRATA_TABLE("t") T {
  STRATA_PK long id;
  STRATA_DEFAULT("now()") std::chrono::system_clock::time_point created_at;
  int plain;
};
)cpp");
  EXPECT_EQ(column_of(r, "t", "created_at").default_expr, "now()");
  EXPECT_EQ(column_of(r, "t", "plain").default_expr, std::nullopt);
}

TEST(ScannerAnnotations, FkWithinTheSchema) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_INDEXED long tenant_id;
};
)cpp");
  EXPECT_EQ(table_of(r, "public", "users").foreign_keys, (std::vector<ForeignKey>{ForeignKey{"fk_users_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}}}));
}

TEST(ScannerAnnotations, FkAcrossSchemas) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("users") User { STRATA_PK long id; };
struct STRATA_TABLE("events") STRATA_SCHEMA("audit") Event {
  STRATA_PK long id;
  STRATA_FK("public.users.id") STRATA_INDEXED long user_id;
};
)cpp");
  const ForeignKey& fk = table_of(r, "audit", "events").foreign_keys.at(0);
  EXPECT_EQ(fk.name, "fk_events_user_id_users");
  EXPECT_EQ(fk.ref_schema, "public");
  EXPECT_EQ(fk.ref_table, "users");
}

TEST(ScannerAnnotations, OnDeleteAndOnUpdate) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct STRATA_TABLE("users") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_ON_DELETE("cascade") STRATA_ON_UPDATE("SET NULL") STRATA_INDEXED long tenant_id;
  STRATA_FK("tenants.id") STRATA_ON_DELETE("set default") STRATA_ON_UPDATE("restrict") STRATA_INDEXED long owner_id;
  STRATA_FK("tenants.id") STRATA_INDEXED long creator_id;
};
)cpp");
  const std::vector<ForeignKey>& fks = table_of(r, "public", "users").foreign_keys;
  ASSERT_EQ(fks.size(), 3u);  // sorted by name: creator, owner, tenant
  EXPECT_EQ(fks[0].on_delete, FkAction::NoAction);
  EXPECT_EQ(fks[0].on_update, FkAction::NoAction);
  EXPECT_EQ(fks[1].on_delete, FkAction::SetDefault);
  EXPECT_EQ(fks[1].on_update, FkAction::Restrict);
  EXPECT_EQ(fks[2].on_delete, FkAction::Cascade);
  EXPECT_EQ(fks[2].on_update, FkAction::SetNull);
}

TEST(ScannerAnnotations, Check) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") T { STRATA_PK long id; STRATA_CHECK("age >= 0") int age; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").checks, (std::vector<CheckConstraint>{CheckConstraint{"ck_t_age", "age >= 0"}}));
}

TEST(ScannerAnnotations, CommentOnMemberAndStruct) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_COMMENT("Paying customers") T {
  STRATA_PK STRATA_COMMENT("Surrogate key") long id;
};
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").comment, "Paying customers");
  EXPECT_EQ(column_of(r, "t", "id").comment, "Surrogate key");
}

TEST(ScannerAnnotations, RenamedFromOnMemberAndStruct) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("accounts") STRATA_RENAMED_FROM("customers") Account {
  STRATA_PK long id;
  STRATA_RENAMED_FROM("fullname") int display_name;
};
)cpp");
  EXPECT_EQ(r.renames.tables, (std::map<std::string, std::string>{{"public.accounts", "customers"}}));
  EXPECT_EQ(r.renames.columns, (std::map<std::string, std::string>{{"public.accounts.display_name", "fullname"}}));
}

TEST(ScannerAnnotations, RenamedFromOnEnumAndEnumerator) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
enum class STRATA_ENUM("tier") STRATA_SCHEMA("billing") STRATA_RENAMED_FROM("plan") Tier {
  free, professional STRATA_RENAMED_FROM("pro")
};
)cpp");
  EXPECT_EQ(r.renames.enums, (std::map<std::string, std::string>{{"billing.tier", "plan"}}));
  EXPECT_EQ(r.renames.enum_labels, (std::map<std::string, std::string>{{"billing.tier.professional", "pro"}}));
  EXPECT_EQ(r.graph.find_schema("billing")->enums[0].labels, (std::vector<std::string>{"free", "professional"}));
}

TEST(ScannerAnnotations, TransientMembersAreSkipped) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct Cache;
struct STRATA_TABLE("t") T { STRATA_PK long id; STRATA_TRANSIENT Cache* cache; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").columns.size(), 1u);
}

// ---- struct and enum annotations ----

TEST(ScannerAnnotations, TableAndDefaultSchema) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") Tenant { STRATA_PK long id; };
struct NotATable { int x; };
)cpp");
  ASSERT_EQ(r.graph.schemas.size(), 1u);
  EXPECT_EQ(r.graph.schemas[0].name, "public");
  ASSERT_EQ(r.graph.schemas[0].tables.size(), 1u);
  EXPECT_EQ(r.graph.schemas[0].tables[0].name, "tenants");
  EXPECT_EQ(r.locations.at("public.tenants"), (SourceLocation{kModel, 2, 32}));
}

TEST(ScannerAnnotations, Schema) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("events") STRATA_SCHEMA("audit") Event { STRATA_PK long id; };
)cpp");
  EXPECT_NE(r.graph.find_table("audit", "events"), nullptr);
  EXPECT_EQ(r.graph.find_schema("public"), nullptr);
}

TEST(ScannerAnnotations, PrimaryKeyOnStructIsComposite) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("user_roles") STRATA_PRIMARY_KEY("user_id, role_id") UserRole { long role_id; long user_id; };
)cpp");
  EXPECT_EQ(table_of(r, "public", "user_roles").primary_key, (PrimaryKey{"pk_user_roles", {"user_id", "role_id"}}));
}

TEST(ScannerAnnotations, UniqueTogether) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_UNIQUE_TOGETHER("uq_t_tenant_email", "tenant, email") T {
  STRATA_PK long id; int tenant; int email;
};
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").uniques, (std::vector<UniqueConstraint>{UniqueConstraint{"uq_t_tenant_email", {"tenant", "email"}}}));
}

TEST(ScannerAnnotations, IndexAndUniqueIndex) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_INDEX("ix_t_a_b", "a,b") STRATA_UNIQUE_INDEX("ux_t_b", "b") T {
  STRATA_PK long id; int a; int b;
};
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").indexes,
            (std::vector<Index>{Index{"ix_t_a_b", {"a", "b"}, false}, Index{"ux_t_b", {"b"}, true}}));
}

TEST(ScannerAnnotations, TableLevelConstraintsRepeat) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t")
    STRATA_INDEX("ix_t_b", "b") STRATA_INDEX("ix_t_a", "a")
    STRATA_UNIQUE_TOGETHER("uq_t_a_b", "a, b") STRATA_UNIQUE_TOGETHER("uq_t_b_a", "b, a")
    STRATA_CHECK_TABLE("ck_t_a", "a > 0") STRATA_CHECK_TABLE("ck_t_b", "b > 0") T {
  STRATA_PK long id; int a; int b;
};
)cpp");
  const Table& t = table_of(r, "public", "t");
  EXPECT_EQ(t.indexes, (std::vector<Index>{Index{"ix_t_a", {"a"}, false}, Index{"ix_t_b", {"b"}, false}}));
  EXPECT_EQ(t.uniques.size(), 2u);
  EXPECT_EQ(t.checks.size(), 2u);
}

TEST(ScannerAnnotations, CheckTable) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_CHECK_TABLE("ck_t_range", "lo <= hi OR note || 'x' = 'y'") T {
  STRATA_PK long id; int lo; int hi;
};
)cpp");
  EXPECT_EQ(table_of(r, "public", "t").checks, (std::vector<CheckConstraint>{CheckConstraint{"ck_t_range", "lo <= hi OR note || 'x' = 'y'"}}));
}

TEST(ScannerAnnotations, EnumWithSchema) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
namespace app {
enum class STRATA_ENUM("consent_kind") STRATA_SCHEMA("audit") ConsentKind { marketing, analytics, profiling };
enum class Unrelated { a };
}
)cpp");
  const Schema* audit = r.graph.find_schema("audit");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(audit->enums, (std::vector<EnumType>{EnumType{"consent_kind", {"marketing", "analytics", "profiling"}}}));
  EXPECT_EQ(r.locations.at("audit.consent_kind"), (SourceLocation{kModel, 3, 63}));
}

// ---- model-wide behaviour ----

TEST(Scanner, BaseClassMembersComeFirst) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <chrono>
struct Timestamps {
  STRATA_DEFAULT("now()") std::chrono::system_clock::time_point created_at;
};
struct STRATA_TABLE("t") T : Timestamps { STRATA_PK long id; };
)cpp");
  const Table& t = table_of(r, "public", "t");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0].name, "created_at");
  EXPECT_EQ(t.columns[0].default_expr, "now()");
  EXPECT_EQ(r.locations.at("public.t.created_at"), (SourceLocation{kModel, 4, 65}));
}

TEST(Scanner, TablesInNamespacesAndSeveralHeaders) {
  ScanOptions options;
  options.headers = {"/virtual/models/a.hpp", "/virtual/models/b.hpp"};
  options.unsaved_files = {
      {"/virtual/models/a.hpp", "#pragma once\n#include <strata/annotate.hpp>\n"
                                "namespace app { struct STRATA_TABLE(\"a\") A { STRATA_PK long id; }; }\n"},
      {"/virtual/models/b.hpp", "#pragma once\n#include \"a.hpp\"\n"
                                "namespace app::inner { struct STRATA_TABLE(\"b\") B { STRATA_PK long id; "
                                "STRATA_FK(\"a.id\") STRATA_INDEXED long a_id; }; }\n"}};
  ScanResult r = scan_models(options);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_NE(r.graph.find_table("public", "a"), nullptr);
  EXPECT_NE(r.graph.find_table("public", "b"), nullptr);
}

TEST(Scanner, DependenciesListTheFilesReadFromDiskButSystemHeaders) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
#include <string>
struct STRATA_TABLE("t") T { STRATA_PK long id; std::string name; };
)cpp");
  EXPECT_TRUE(std::is_sorted(r.dependencies.begin(), r.dependencies.end()));
  EXPECT_NE(std::find(r.dependencies.begin(), r.dependencies.end(), STRATA_SOURCE_DIR "/include/strata/annotate.hpp"),
            r.dependencies.end());
  EXPECT_FALSE(std::any_of(r.dependencies.begin(), r.dependencies.end(),
                           [](const std::string& path) { return path.ends_with("/string"); }));  // like -MMD
  EXPECT_EQ(std::find(r.dependencies.begin(), r.dependencies.end(), kModel), r.dependencies.end());  // in memory
}

TEST(Scanner, IncludeDirsAndCompileOptionsReachTheParse) {
  ScanOptions options;
  options.headers = {kModel};
  options.include_dirs = {"/virtual/extra"};
  options.compile_options = {"-DTABLE_NAME=\"from_define\""};
  options.unsaved_files = {{kModel, "#include <strata/annotate.hpp>\n#include <key.hpp>\n"
                                    "struct STRATA_TABLE(TABLE_NAME) T { STRATA_PK Key id; };\n"},
                           {"/virtual/extra/key.hpp", "#pragma once\nusing Key = long;\n"}};
  ScanResult r = scan_models(options);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(column_of(r, "from_define", "id").type, "bigint");
}

TEST(Scanner, GraphIsCanonical) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("zebras") STRATA_SCHEMA("zoo") Z { STRATA_PK long id; };
struct STRATA_TABLE("apes") STRATA_SCHEMA("zoo") A { STRATA_PK long id; STRATA_INDEXED int z; STRATA_INDEXED int b; };
struct STRATA_TABLE("users") U { STRATA_PK long id; };
)cpp");
  ModelGraph canonical = r.graph;
  canonical.canonicalize();
  EXPECT_EQ(r.graph, canonical);
  ASSERT_EQ(r.graph.schemas.size(), 2u);
  EXPECT_EQ(r.graph.schemas[0].name, "public");
  EXPECT_EQ(r.graph.schemas[1].tables[0].name, "apes");
  EXPECT_EQ(r.graph.schemas[1].tables[0].indexes[0].name, "ix_apes_b");
}

TEST(Scanner, LongGeneratedNamesAreShortened) {
  ScanResult r = scan_valid(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenant_billing_accounts") A { STRATA_PK long id; };
struct STRATA_TABLE("tenant_subscription_billing_events") E {
  STRATA_PK long id;
  STRATA_FK("tenant_billing_accounts.id") STRATA_INDEXED long billing_account_identifier;
};
)cpp");
  const Table& events = table_of(r, "public", "tenant_subscription_billing_events");
  EXPECT_EQ(events.foreign_keys.at(0).name, "fk_tenant_subscription_billing_events_billing_account__ae9a4479");
}

}  // namespace
}  // namespace strata

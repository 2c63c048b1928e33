// Citus models (DESIGN.md, "Scale-out"): the annotations read into the graph, and each schema
// Citus would refuse at deploy refused at generate time, located (file:line:col) with its message.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "generator/scanner.hpp"

namespace strata {

void PrintTo(const Diagnostic& diagnostic, std::ostream* out) { *out << format(diagnostic); }

namespace {

const std::string kModel = "/virtual/models/citus.hpp";

ScanResult scan(const std::string& source) {
  ScanOptions options;
  options.headers = {kModel};
  options.unsaved_files = {{kModel, source}};
  return scan_models(options);
}

std::vector<std::string> errors_of(const std::string& source) {
  std::vector<std::string> out;
  for (const Diagnostic& diagnostic : scan(source).diagnostics)
    if (diagnostic.severity == Diagnostic::Severity::Error) out.push_back(format(diagnostic));
  return out;
}

std::string at(unsigned line, unsigned column, const std::string& message) {
  return kModel + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
}

// tenants (distributed by id), a reference table, and a colocated table: every snippet below
// changes one thing of this valid model.
const std::string kTenants = R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("regions") STRATA_REFERENCE_TABLE Region {
  STRATA_PK long id;
};
struct STRATA_TABLE("tenants") STRATA_DISTRIBUTED_BY("id") Tenant {
  STRATA_PK long id;
  STRATA_FK("regions.id") STRATA_INDEXED long region_id;
};
)cpp";

TEST(CitusModel, AnnotationsReadIntoTheGraph) {
  const ScanResult result = scan(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("tenants")
    STRATA_PRIMARY_KEY("tenant_id, id") User {
  STRATA_FK("tenants.id") long tenant_id;
  long id;
};
)cpp");
  EXPECT_EQ(result.diagnostics, std::vector<Diagnostic>{});
  const Table* regions = result.graph.find_table("public", "regions");
  const Table* users = result.graph.find_table("public", "users");
  ASSERT_TRUE(regions && users && regions->distribution && users->distribution);
  EXPECT_EQ(*regions->distribution, (Distribution{Distribution::Kind::Reference, "", ""}));
  EXPECT_EQ(*users->distribution, (Distribution{Distribution::Kind::Distributed, "tenant_id", "public.tenants"}));
  EXPECT_FALSE(result.graph.find_table("public", "tenants")->distribution->colocate_with.size());
}

TEST(CitusModel, DistributionColumnMissing) {
  EXPECT_EQ(errors_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("tenants") STRATA_DISTRIBUTED_BY("tenant_id") Tenant {
  STRATA_PK long id;
};
)cpp"),
            std::vector<std::string>{at(2, 67, "table 'public.tenants' is STRATA_DISTRIBUTED_BY(\"tenant_id\"), but it "
                                               "has no column 'tenant_id'")});
}

TEST(CitusModel, PrimaryKeyWithoutTheDistributionColumn) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") User {
  STRATA_PK long id;
  STRATA_FK("tenants.id") long tenant_id;
};
)cpp"),
            std::vector<std::string>{
                at(10, 65, "primary key 'pk_users' of distributed table 'public.users' (id); Citus enforces uniqueness "
                           "per shard only, so it must include the distribution column 'tenant_id'")});
}

TEST(CitusModel, UniqueWithoutTheDistributionColumn) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_PRIMARY_KEY("tenant_id, id")
    STRATA_UNIQUE_INDEX("uix_users_email", "email") User {
  STRATA_FK("tenants.id") long tenant_id;
  long id;
  STRATA_UNIQUE long badge;
  long email;
};
)cpp"),
            (std::vector<std::string>{
                at(11, 53, "unique constraint 'uq_users_badge' of distributed table 'public.users'; Citus enforces "
                           "uniqueness per shard only, so it must include the distribution column 'tenant_id'"),
                at(11, 53, "unique index 'uix_users_email' of distributed table 'public.users'; Citus enforces "
                           "uniqueness per shard only, so it must include the distribution column 'tenant_id'")}));
}

TEST(CitusModel, ForeignKeyBetweenTablesNotColocated) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_PRIMARY_KEY("tenant_id, id") User {
  STRATA_TYPE("integer") STRATA_FK("tenants.id") int tenant_id;
  long id;
};
)cpp"),
            (std::vector<std::string>{
                at(11, 54, "foreign key 'fk_users_tenant_id_tenants': column 'tenant_id' has type integer but the "
                           "referenced column 'public.tenants.id' has type bigint"),
                at(11, 54, "foreign key 'fk_users_tenant_id_tenants' from 'public.users' to 'public.tenants': the "
                           "tables are not colocated; add STRATA_COLOCATE_WITH(\"public.tenants\") to 'public.users'")}));
}

TEST(CitusModel, ForeignKeyWithoutTheDistributionColumn) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_PRIMARY_KEY("tenant_id, id") User {
  long tenant_id;
  STRATA_FK("tenants.id") STRATA_INDEXED long id;
};
)cpp"),
            std::vector<std::string>{at(
                12, 47,
                "foreign key 'fk_users_id_tenants' from 'public.users' to 'public.tenants' does not include the "
                "distribution columns ('tenant_id' referencing 'id'); between distributed tables a foreign key must, "
                "for Citus to check it within a shard")});
}

TEST(CitusModel, ForeignKeyFromReferenceToDistributed) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("plans") STRATA_REFERENCE_TABLE Plan {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_INDEXED long owner_tenant_id;
};
)cpp"),
            std::vector<std::string>{at(12, 47,
                                        "foreign key 'fk_plans_owner_tenant_id_tenants' from 'public.plans' to "
                                        "'public.tenants': a reference table cannot reference a distributed table")});
}

TEST(CitusModel, ForeignKeyFromPlainToDistributed) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("notes") Note {
  STRATA_PK long id;
  STRATA_FK("tenants.id") STRATA_INDEXED long tenant_id;
};
)cpp"),
            std::vector<std::string>{at(12, 47,
                                        "foreign key 'fk_notes_tenant_id_tenants' from 'public.notes' to "
                                        "'public.tenants': a plain table cannot reference a distributed table; make "
                                        "'public.notes' a reference table or distribute it")});
}

TEST(CitusModel, ForeignKeyFromDistributedToPlain) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("countries") Country {
  STRATA_PK long id;
};
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_PRIMARY_KEY("tenant_id, id") User {
  long tenant_id;
  long id;
  STRATA_FK("countries.id") STRATA_INDEXED long country_id;
};
)cpp"),
            std::vector<std::string>{
                at(16, 49,
                   "foreign key 'fk_users_country_id_countries' from 'public.users' to 'public.countries': a "
                   "distributed table can reference only reference tables and colocated distributed tables; make "
                   "'public.countries' STRATA_REFERENCE_TABLE or distribute it")});
}

TEST(CitusModel, ColocatedWithATableThatIsNotDistributed) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("regions")
    STRATA_PRIMARY_KEY("tenant_id, id") User {
  long tenant_id;
  long id;
};
)cpp"),
            std::vector<std::string>{at(11, 41,
                                        "STRATA_COLOCATE_WITH(\"public.regions\") on table 'public.users': "
                                        "'public.regions' is not a distributed table (STRATA_DISTRIBUTED_BY)")});
}

TEST(CitusModel, ColocatedDistributionColumnsOfDifferentTypes) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("users") STRATA_DISTRIBUTED_BY("tenant_id") STRATA_COLOCATE_WITH("public.tenants")
    STRATA_PRIMARY_KEY("tenant_id, id") User {
  int tenant_id;
  long id;
};
)cpp"),
            std::vector<std::string>{at(11, 41,
                                        "STRATA_COLOCATE_WITH(\"public.tenants\") on table 'public.users': its "
                                        "distribution column 'tenant_id' has type integer but 'public.tenants''s "
                                        "'id' has type bigint; colocated tables are distributed by columns of one "
                                        "type")});
}

TEST(CitusModel, ColocationCycle) {
  EXPECT_EQ(errors_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("a") STRATA_DISTRIBUTED_BY("id") STRATA_COLOCATE_WITH("b") A {
  STRATA_PK long id;
};
struct STRATA_TABLE("b") STRATA_DISTRIBUTED_BY("id") STRATA_COLOCATE_WITH("a") B {
  STRATA_PK long id;
};
)cpp"),
            (std::vector<std::string>{
                at(2, 80, "STRATA_COLOCATE_WITH(\"public.b\") on table 'public.a': the colocation chain is a "
                          "cycle"),
                at(5, 80, "STRATA_COLOCATE_WITH(\"public.a\") on table 'public.b': the colocation chain is a "
                          "cycle")}));
}

TEST(CitusModel, ReferenceAndDistributedAtOnce) {
  EXPECT_EQ(errors_of(R"cpp(#include <strata/annotate.hpp>
struct STRATA_TABLE("t") STRATA_REFERENCE_TABLE STRATA_DISTRIBUTED_BY("id") T {
  STRATA_PK long id;
};
)cpp"),
            std::vector<std::string>{at(2, 77,
                                        "table 'public.t' is STRATA_REFERENCE_TABLE and STRATA_DISTRIBUTED_BY(\"id\"); "
                                        "a table is either distributed or a reference table")});
}

TEST(CitusModel, ColocateWithoutDistribution) {
  EXPECT_EQ(errors_of(kTenants + R"cpp(
struct STRATA_TABLE("t") STRATA_COLOCATE_WITH("tenants") T {
  STRATA_PK long id;
};
)cpp"),
            std::vector<std::string>{at(10, 58,
                                        "STRATA_COLOCATE_WITH(\"tenants\") on struct 'T' without STRATA_DISTRIBUTED_BY; "
                                        "only a distributed table is colocated")});
}

}  // namespace
}  // namespace strata

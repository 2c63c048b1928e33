// The registries the executor and CLI tests migrate with, written in C++ as a generated
// registry.cpp would hold them. Each is built once per process.
#pragma once

#include <string_view>

#include "core/model_graph.hpp"
#include "strata/revision.hpp"

namespace strata::test {

// Environment variable the test registries name as their database URL variable.
inline constexpr const char* kTestDatabaseUrlEnv = "STRATA_TEST_MIGRATOR_URL";

// 0001_tenants (public.tenants) <- 0002_audit_events (schema audit, audit.events; an after_upgrade
// hook seeds tenant "acme" with one event, a before_downgrade hook removes it) <- 0003_tenant_region
// (add column, backfill UPDATE, SET NOT NULL, an index in audit) <- 0004_tenant_region_index
// (CREATE INDEX CONCURRENTLY, a table comment). The head carries its snapshot, for `check`.
const Registry& two_schema_registry();

// 0001_tenants <- 0002_broken, whose third statement (line 3) inserts into a missing table.
const Registry& failing_registry();

// 0001_tenants <- 0002_left and 0001_tenants <- 0002_right: two heads.
const Registry& two_heads_registry();

// 0001_tenants <- 0002_nap (SELECT pg_sleep(<setting strata_test.nap, seconds; 0 when unset>),
// then a table) <- 0003_after_nap. Set the nap with PGOPTIONS="-c strata_test.nap=5".
const Registry& sleepy_registry();

// "billing": a second set (own name, history table billing_meta.strata_history) that shares the
// database of two_schema.
const Registry& billing_registry();

// "two_schema", "failing", "two_heads", "sleepy", "billing", "online" and "backfill" (online
// revisions on rows), "citus_distribution" and "citus_foreign_key" (distribution changes, for a
// Citus cluster): see test_registries.cpp; nullptr for another name.
const Registry* registry_named(std::string_view name);

// public.regions (a reference table) and public.accounts, its region_code tied to regions by a
// foreign key, accounts hash-distributed by id or a reference table: "citus_foreign_key"'s models,
// and citus_test's.
ModelGraph accounts_with_a_region_key(Distribution::Kind accounts_kind);

}  // namespace strata::test

-- strata migrator, strata_test: downgrade 0004_tenant_region_index -> 0001_tenants
-- run with: psql -v ON_ERROR_STOP=1 -f <this file>
SET standard_conforming_strings = on;
-- serialises with other migrators of this migration set, as the migrator does
DO $$ BEGIN PERFORM pg_advisory_lock(1777362689276072136); END $$;
CREATE TABLE IF NOT EXISTS "public"."strata_history" (
  "revision" text PRIMARY KEY,
  "parent" text,
  "checksum" text NOT NULL,
  "applied_at" timestamptz NOT NULL DEFAULT now(),
  "duration_ms" integer NOT NULL,
  "applied_by" text NOT NULL DEFAULT current_user
);

-- downgrade 0004_tenant_region_index: index tenant region (0004_tenant_region_index.down.sql)
BEGIN;
SET LOCAL lock_timeout = '5s';
COMMENT ON TABLE "public"."tenants" IS NULL;
COMMIT;
-- runs outside a transaction: PostgreSQL cannot run it inside one
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY "public"."ix_tenants_region";
RESET lock_timeout;
BEGIN;
SET LOCAL lock_timeout = '5s';
DELETE FROM "public"."strata_history" WHERE "revision" = '0004_tenant_region_index';
COMMIT;

-- downgrade 0003_tenant_region: tenant region (0003_tenant_region.down.sql)
BEGIN;
SET LOCAL lock_timeout = '5s';
DROP INDEX "audit"."ix_events_kind";
ALTER TABLE "public"."tenants" DROP COLUMN "region";
DELETE FROM "public"."strata_history" WHERE "revision" = '0003_tenant_region';
COMMIT;

-- downgrade 0002_audit_events: audit events (0002_audit_events.down.sql)
BEGIN;
SET LOCAL lock_timeout = '5s';
-- WARNING: the C++ before_downgrade hook of 0002_audit_events would run here; an SQL script cannot run it
DROP TABLE "audit"."events";
DROP SCHEMA "audit";
DELETE FROM "public"."strata_history" WHERE "revision" = '0002_audit_events';
COMMIT;

DO $$ BEGIN PERFORM pg_advisory_unlock(1777362689276072136); END $$;

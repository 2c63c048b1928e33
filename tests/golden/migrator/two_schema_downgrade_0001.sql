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
ALTER TABLE "public"."strata_history" ADD COLUMN IF NOT EXISTS "partial_step" integer;

-- downgrade 0004_tenant_region_index: index tenant region (0004_tenant_region_index.down.sql)
BEGIN;
SET LOCAL lock_timeout = '5s';
COMMENT ON TABLE "public"."tenants" IS NULL;
INSERT INTO "public"."strata_history" ("revision", "parent", "checksum", "duration_ms", "partial_step") VALUES ('0004_tenant_region_index', '0003_tenant_region', '1f3f16be92061063fd466481c2f49f53593246ef6178a2eb193393249da1053b:87ef81e66e0b6aeb8c037c2bd2a536395bd9b748f30d7ec2425accb9e7729e86:2fc8ebfaa72c0846ac7c0db0c643417c0a23d97ff41e127de8a3421cd036a0ed', 0, -1) ON CONFLICT ("revision") DO UPDATE SET "partial_step" = EXCLUDED."partial_step";
COMMIT;
-- runs outside a transaction: PostgreSQL cannot run it inside one
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY "public"."ix_tenants_region";
RESET lock_timeout;
INSERT INTO "public"."strata_history" ("revision", "parent", "checksum", "duration_ms", "partial_step") VALUES ('0004_tenant_region_index', '0003_tenant_region', '1f3f16be92061063fd466481c2f49f53593246ef6178a2eb193393249da1053b:87ef81e66e0b6aeb8c037c2bd2a536395bd9b748f30d7ec2425accb9e7729e86:2fc8ebfaa72c0846ac7c0db0c643417c0a23d97ff41e127de8a3421cd036a0ed', 0, -2) ON CONFLICT ("revision") DO UPDATE SET "partial_step" = EXCLUDED."partial_step";
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

ALTER TABLE "public"."tenants" ALTER COLUMN "id" DROP IDENTITY;
ALTER TABLE "public"."tenants" ALTER COLUMN "name" TYPE character varying(120);
ALTER TABLE "public"."users"
  ALTER COLUMN "age" DROP DEFAULT,
  ALTER COLUMN "age" TYPE bigint,
  ALTER COLUMN "age" DROP NOT NULL,
  ALTER COLUMN "age" SET DEFAULT 18;

ALTER TYPE "public"."tenant_plan" RENAME TO "tenant_plan_old";
CREATE TYPE "public"."tenant_plan" AS ENUM ('free', 'pro');
ALTER TABLE "public"."tenants"
  ALTER COLUMN "plan" DROP DEFAULT,
  ALTER COLUMN "plan" TYPE "public"."tenant_plan" USING "plan"::text::"public"."tenant_plan",
  ALTER COLUMN "plan" SET DEFAULT 'free'::"public"."tenant_plan";
DROP TYPE "public"."tenant_plan_old";

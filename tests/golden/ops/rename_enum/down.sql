ALTER TABLE "public"."tenants" ALTER COLUMN "plan" SET DEFAULT 'free'::"public"."tenant_plan";
ALTER TYPE "public"."plan" RENAME TO "tenant_plan";

ALTER TYPE "public"."tenant_plan" RENAME TO "plan";
ALTER TABLE "public"."tenants" ALTER COLUMN "plan" SET DEFAULT 'free'::"public"."plan";

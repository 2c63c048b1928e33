ALTER TYPE "public"."tenant_plan" RENAME VALUE 'professional' TO 'pro';

ALTER TYPE "public"."tenant_plan" RENAME VALUE 'pro' TO 'professional';

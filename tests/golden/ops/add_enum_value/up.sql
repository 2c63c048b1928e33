ALTER TYPE "public"."tenant_plan" ADD VALUE 'team' AFTER 'free';

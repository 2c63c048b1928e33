ALTER TYPE "public"."tenant_plan" ADD VALUE IF NOT EXISTS 'team' AFTER 'free';

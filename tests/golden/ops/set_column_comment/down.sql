COMMENT ON COLUMN "public"."tenants"."name" IS 'old';

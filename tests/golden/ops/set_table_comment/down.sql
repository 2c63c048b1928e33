COMMENT ON TABLE "public"."tenants" IS NULL;

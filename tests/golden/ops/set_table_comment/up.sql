COMMENT ON TABLE "public"."tenants" IS 'Customers'' organisations';

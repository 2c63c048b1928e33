COMMENT ON COLUMN "public"."tenants"."name" IS 'Display name, e.g. ''ACME''';

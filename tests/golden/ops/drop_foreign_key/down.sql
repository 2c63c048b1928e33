ALTER TABLE "public"."users" ADD CONSTRAINT "fk_users_tenant_id_tenants" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants" ("id") ON DELETE CASCADE;

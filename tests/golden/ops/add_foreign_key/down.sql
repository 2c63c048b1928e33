ALTER TABLE "public"."users" DROP CONSTRAINT "fk_users_tenant_id_tenants";

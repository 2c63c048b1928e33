ALTER TABLE "public"."orders" DROP CONSTRAINT "fk_orders_tenant_id_tenants";
ALTER TABLE "public"."users" DROP CONSTRAINT "fk_users_tenant_id_tenants";
SELECT undistribute_table('"public"."tenants"');
ALTER TABLE "public"."users" ADD CONSTRAINT "fk_users_tenant_id_tenants" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants" ("id") ON DELETE CASCADE;
DROP TABLE "public"."orders";

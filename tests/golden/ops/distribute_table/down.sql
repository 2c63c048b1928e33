ALTER TABLE "public"."orders" DROP CONSTRAINT "fk_orders_tenant_id_tenants";
SELECT undistribute_table('"public"."tenants"');
DROP TABLE "public"."orders";

ALTER TABLE "public"."users" RENAME TO "members";
ALTER TABLE "public"."members" RENAME CONSTRAINT "fk_users_tenant_id_tenants" TO "fk_members_tenant_id_tenants";
ALTER TABLE "public"."members" RENAME CONSTRAINT "pk_users" TO "pk_members";

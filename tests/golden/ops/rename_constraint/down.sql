ALTER TABLE "public"."members" RENAME CONSTRAINT "pk_members" TO "pk_users";
ALTER TABLE "public"."members" RENAME CONSTRAINT "fk_members_tenant_id_tenants" TO "fk_users_tenant_id_tenants";
ALTER TABLE "public"."members" RENAME TO "users";

DROP INDEX "public"."ix_users_tenant_id_created_at";

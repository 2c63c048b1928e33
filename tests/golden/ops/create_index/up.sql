CREATE UNIQUE INDEX "ix_users_tenant_id_created_at" ON "public"."users" ("tenant_id", "created_at");

CREATE POLICY "tenant_isolation" ON "public"."users" FOR ALL TO "app ""user""", "app_admin"
  USING (tenant_id = current_setting('app.tenant_id')::bigint)
  WITH CHECK (email NOT LIKE E'%\\%');

DROP POLICY "tenant_isolation" ON "public"."users";

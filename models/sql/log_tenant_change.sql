-- Journals every INSERT, UPDATE and DELETE on a tenant-owned table as one audit.audit_events row,
-- chained to the previous event by event_hash. SECURITY DEFINER: it runs as the owner of
-- audit.audit_events (the migrator's role), so the application role needs no privilege on the
-- journal and cannot write it directly. The acting user is `app.user_id` when the application
-- sets it (SET LOCAL, like app.tenant_id), else the change is the system's.
CREATE OR REPLACE FUNCTION audit.log_tenant_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  actor uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  previous bytea;
BEGIN
  SELECT e.event_hash INTO previous FROM audit.audit_events e ORDER BY e.id DESC LIMIT 1;
  INSERT INTO audit.audit_events (tenant_id, actor_type, actor_user_id, event_type, outcome,
                                  resource_type, resource_id, payload, previous_hash, event_hash)
  VALUES ((changed ->> 'tenant_id')::uuid, CASE WHEN actor IS NULL THEN 'system' ELSE 'user' END, actor,
          TG_TABLE_NAME || '.' || lower(TG_OP), 'success', TG_TABLE_NAME, changed ->> 'id',
          jsonb_build_object('operation', TG_OP, 'row', changed), previous,
          sha256(coalesce(previous, ''::bytea) || convert_to(changed::text, 'UTF8')));
  RETURN NULL;
END
$$;

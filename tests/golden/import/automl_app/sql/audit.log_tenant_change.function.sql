CREATE FUNCTION audit.log_tenant_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;

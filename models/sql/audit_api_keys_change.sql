-- Every change to public.api_keys is journaled in audit.audit_events (audit.log_tenant_change()).
CREATE TRIGGER audit_api_keys_change AFTER INSERT OR UPDATE OR DELETE ON public.api_keys
FOR EACH ROW EXECUTE FUNCTION audit.log_tenant_change();

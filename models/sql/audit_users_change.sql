-- Every change to public.users is journaled in audit.audit_events (audit.log_tenant_change()).
CREATE TRIGGER audit_users_change AFTER INSERT OR UPDATE OR DELETE ON public.users
FOR EACH ROW EXECUTE FUNCTION audit.log_tenant_change();

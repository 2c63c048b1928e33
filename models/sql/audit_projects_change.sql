-- Every change to public.projects is journaled in audit.audit_events (audit.log_tenant_change()).
CREATE TRIGGER audit_projects_change AFTER INSERT OR UPDATE OR DELETE ON public.projects
FOR EACH ROW EXECUTE FUNCTION audit.log_tenant_change();

CREATE TRIGGER audit_projects_change AFTER INSERT OR DELETE OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION audit.log_tenant_change();

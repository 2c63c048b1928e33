CREATE TRIGGER audit_api_keys_change AFTER INSERT OR DELETE OR UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION audit.log_tenant_change();

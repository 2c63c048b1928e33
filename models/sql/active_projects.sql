-- The projects a tenant works on: not archived, of a tenant not deleted. security_invoker: the
-- caller's privileges and row security apply, so an application role sees its tenant's only.
CREATE VIEW public.active_projects WITH (security_invoker = true) AS
SELECT p.id, p.tenant_id, t.name AS tenant_name, p.name, p.slug, p.owner_id, p.created_at
FROM public.projects p
JOIN public.tenants t ON t.id = p.tenant_id
WHERE NOT p.is_archived AND t.deleted_at IS NULL;

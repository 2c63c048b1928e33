CREATE VIEW public.active_projects AS
 SELECT p.id,
    p.tenant_id,
    t.name AS tenant_name,
    p.name,
    p.slug,
    p.owner_id,
    p.created_at
   FROM (public.projects p
     JOIN public.tenants t ON ((t.id = p.tenant_id)))
  WHERE ((NOT p.is_archived) AND (t.deleted_at IS NULL));

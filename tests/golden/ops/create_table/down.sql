ALTER TABLE "public"."projects" DROP CONSTRAINT "fk_projects_parent_id_projects";
DROP INDEX "public"."ix_projects_tenant_id";
DROP TABLE "public"."projects";

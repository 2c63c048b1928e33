ALTER TABLE "public"."tags" DROP CONSTRAINT "pk_tags";

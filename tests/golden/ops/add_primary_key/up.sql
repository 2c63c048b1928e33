ALTER TABLE "public"."tags" ADD CONSTRAINT "pk_tags" PRIMARY KEY ("id");

ALTER TABLE "public"."users" DROP COLUMN "locale";

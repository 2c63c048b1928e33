ALTER TABLE "public"."users" DROP CONSTRAINT "ck_users_age";

ALTER TABLE "public"."users" DROP CONSTRAINT "uq_users_email";

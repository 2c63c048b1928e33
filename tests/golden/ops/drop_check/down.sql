ALTER TABLE "public"."users" ADD CONSTRAINT "ck_users_age" CHECK (age >= 0 AND age < 200);

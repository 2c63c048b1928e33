ALTER TABLE "public"."users" RENAME COLUMN "email" TO "email_address";
ALTER INDEX "public"."ix_users_email" RENAME TO "ix_users_email_address";

ALTER INDEX "public"."ix_users_email_address" RENAME TO "ix_users_email";
ALTER TABLE "public"."users" RENAME COLUMN "email_address" TO "email";

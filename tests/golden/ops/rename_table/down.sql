ALTER TABLE "public"."accounts" RENAME TO "users";

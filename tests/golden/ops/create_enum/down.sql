DROP TYPE "public"."user_status";

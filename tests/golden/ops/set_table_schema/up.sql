CREATE SCHEMA "archive";
ALTER TABLE "public"."users" SET SCHEMA "archive";

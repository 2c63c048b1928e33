ALTER TABLE "archive"."users" SET SCHEMA "public";
DROP SCHEMA "archive";

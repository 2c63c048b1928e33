DROP TABLE "audit"."events";
DROP SCHEMA "audit";

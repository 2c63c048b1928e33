CREATE TYPE "public"."user_status" AS ENUM ('active', 'it''s off');

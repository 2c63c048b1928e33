ALTER TABLE "public"."users" ADD COLUMN "locale" character varying(10) DEFAULT 'en' NOT NULL;
COMMENT ON COLUMN "public"."users"."locale" IS 'BCP 47 tag';

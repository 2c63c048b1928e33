DROP VIEW "public"."adults";

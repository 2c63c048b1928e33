SELECT 'it''s', "col ""x""", 'a\', "Schema"."Table";

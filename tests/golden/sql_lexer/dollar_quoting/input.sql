CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ inner $$ $body$ LANGUAGE sql;
SELECT $$a;b$$, $1, $tag_2$x$tag$y$tag_2$, a$b, $ alone;

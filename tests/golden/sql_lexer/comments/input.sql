-- line comment; with a semicolon
SELECT 1 /* block /* nested; */ still comment */ + 2; -- tail
SELECT 3--4
;

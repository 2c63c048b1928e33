SELECT E'it\'s; not the end', e'C:\\temp\\', E'a''b', type 'x', 'one' 'two';

SELECT a::text, b <> c, d || e, -1.5e-3, .5, a@-b, x<=-y, f(*), arr[1], g+/* c */h, i+--c
j;

CREATE OR REPLACE VIEW public.adults AS
SELECT email, age FROM public.users WHERE age >= 21;

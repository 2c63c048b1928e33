CREATE VIEW public.adults AS
SELECT email, age FROM public.users WHERE age >= 18;

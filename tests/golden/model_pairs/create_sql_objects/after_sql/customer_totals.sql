-- strata:depends public.open_orders
CREATE VIEW public.customer_totals AS
SELECT customer_id, sum(quantity) AS total FROM public.open_orders GROUP BY customer_id;

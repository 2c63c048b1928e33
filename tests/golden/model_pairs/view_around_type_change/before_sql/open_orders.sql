CREATE VIEW public.open_orders AS
SELECT o.id, o.customer_id, o.quantity
FROM public.orders o
WHERE o.status = 'open';

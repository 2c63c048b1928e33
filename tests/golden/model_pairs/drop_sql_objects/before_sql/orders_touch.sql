CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON public.orders
FOR EACH ROW EXECUTE FUNCTION public.touch_order();

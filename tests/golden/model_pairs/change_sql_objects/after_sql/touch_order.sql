-- Keeps orders.note trimmed and in lower case.
CREATE OR REPLACE FUNCTION public.touch_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := lower(btrim(NEW.note));
  RETURN NEW;
END
$$;

-- Keeps orders.note in lower case.
CREATE OR REPLACE FUNCTION public.touch_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := lower(NEW.note);
  RETURN NEW;
END
$$;

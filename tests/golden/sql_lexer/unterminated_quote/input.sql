SELECT 'never closed;
more
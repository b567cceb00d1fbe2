-- Runs after every other helper. The migrations revoke PUBLIC's default execute on new functions, so pgTAP
-- (in `extensions`, where Supabase keeps extensions) and the test helpers (in
-- `tests`) are granted here to the API roles a test switches to.
grant execute on all functions in schema extensions, tests to anon, authenticated, service_role;

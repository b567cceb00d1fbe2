-- Runs after every other helper. Our migrations revoke the default PUBLIC
-- execute on new functions, so pgTAP (in `public`) and the test helpers
-- (in `tests`) are granted here to the API roles a test switches to.
grant execute on all functions in schema public, tests to anon, authenticated, service_role;

-- Per-role statement timeouts, the values hosted Supabase uses.
--
-- PostgREST and the gateway apply a role's own settings after switching to
-- it, so a runaway query from the API ends here instead of holding a pooled
-- connection: anonymous callers get 3 seconds, signed-in users 8.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- Test helpers, created only by the test runner (never by a migration), so
-- that pgTAP files read as a story: act as a role, check what it may do.

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

/* Act as an API role with these JWT claims, exactly as the gateway sets them. */
create or replace function tests.authenticate_as_role(role_name text, claims jsonb default '{}')
returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', (claims || jsonb_build_object('role', role_name))::text, true);
  perform set_config('request.method', 'POST', true);
  perform set_config('request.headers', '{"x-client-ip": "127.0.0.1"}', true);
  execute format('set local role %I', role_name);
end
$$;

/* Back to the test's own (superuser) role, with no claims. */
create or replace function tests.clear_authentication()
returns void
language plpgsql
as $$
begin
  reset role;
  perform set_config('request.jwt.claims', '', true);
end
$$;

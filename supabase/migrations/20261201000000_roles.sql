-- The Supabase role model, created only where it is missing.
--
-- Hosted Supabase already has these roles; plain Postgres 15+ (our embedded
-- default, CI) does not. PostgREST and our gateway log in as `authenticator`
-- and switch, per request, to the role the JWT names: `anon` without a token,
-- `authenticated` for a signed-in user, `service_role` for trusted servers.
-- `authenticator` is noinherit so it holds none of their privileges itself.

do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    -- The password is set at start from the generated secrets, never here.
    create role authenticator login noinherit;
  end if;
end
$$;

-- Membership lets authenticator `set role` to each API role. On hosted
-- Supabase these grants exist already and the owner may lack admin option,
-- so an insufficient-privilege error there is not a failure.
do $$
begin
  grant anon, authenticated, service_role to authenticator;
exception
  when insufficient_privilege then
    raise notice 'roles: keeping the existing memberships of authenticator';
end
$$;

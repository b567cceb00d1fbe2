-- Three schemas with three jobs.
--
--   app      tables, never exposed over HTTP; row-level security on every one.
--   api      the public contract: views (security_invoker) and functions.
--            This is the only schema PostgREST and the gateway serve.
--   private  secrets and signing helpers; no API role may even look inside.

create schema if not exists app;
create schema if not exists api;
create schema if not exists private;

comment on schema api is 'pgdrive: a secure personal file drive whose API is Postgres.';

-- security_invoker views in api read app tables as the caller, so the API
-- roles need usage on app; RLS on each table decides which rows they see.
grant usage on schema app to anon, authenticated, service_role;
grant usage on schema api to anon, authenticated, service_role;
revoke all on schema private from public, anon, authenticated;
grant usage on schema private to service_role;

-- Least privilege: nothing new is executable by public. Every function is
-- granted to exactly the roles that call it.
alter default privileges in schema app revoke execute on functions from public;
alter default privileges in schema api revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from public;

/*
 * Settings held by the database: the JWT secret that SQL signs tokens with,
 * the site URL for emailed links, and similar. The stack writes them at start
 * from its configuration; on hosted Supabase they are set once (see README).
 */
create table if not exists private.settings (
  key text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);
alter table private.settings enable row level security;
-- No policy on purpose: only the owner (migrations, security definer
-- functions) and service_role (bypassrls) read it.
revoke all on private.settings from public, anon, authenticated;

/* The value of one setting, or null when it is unset. */
create or replace function private.setting(setting_key text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select value from private.settings where key = setting_key
$$;

/* The claims of the request's JWT, as PostgREST and the gateway set them. */
create or replace function app.jwt_claims()
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;

/* The signed-in user's id from the JWT `sub`, or null for anon. */
create or replace function app.current_user_id()
returns uuid
language sql
stable
set search_path = ''
as $$
  select nullif(app.jwt_claims() ->> 'sub', '')::uuid
$$;

grant execute on function app.jwt_claims() to anon, authenticated, service_role;
grant execute on function app.current_user_id() to anon, authenticated, service_role;

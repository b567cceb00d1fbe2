/*
 * Schemas, extensions, privileges by default, and the settings SQL reads.
 *
 * Three schemas with three jobs:
 *   app      tables, never exposed over HTTP; row-level security on every one.
 *   api      the public contract: views (security_invoker) and functions.
 *            This is the only schema PostgREST and the gateway serve.
 *   private  secrets and signing helpers; no API role may even look inside.
 *
 * Extensions live in their own `extensions` schema, as on hosted Supabase,
 * so every function can name them fully (`extensions.crypt(...)`) with an
 * empty search_path and behave the same on plain Postgres and on Supabase.
 */

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists citext with schema extensions;
create extension if not exists unaccent with schema extensions;

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

/*
 * Nothing is executable by PUBLIC unless granted by name.
 *
 * Postgres gives PUBLIC execute on every new function through its global
 * default privileges; a per-schema `alter default privileges ... revoke` can
 * only add to those, never take away. Revoking the global default for the
 * migrating role is what works; each function is then granted to exactly the
 * roles that call it.
 */
alter default privileges revoke execute on functions from public;

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
grant execute on function app.jwt_claims() to anon, authenticated, service_role;

/* The signed-in user's id from the JWT `sub`, or null for anon. */
create or replace function app.current_user_id()
returns uuid
language sql
stable
set search_path = ''
as $$
  select nullif(app.jwt_claims() ->> 'sub', '')::uuid
$$;
grant execute on function app.current_user_id() to anon, authenticated, service_role;

/*
 * Per-role statement timeouts, the values hosted Supabase uses. PostgREST and
 * the gateway apply a role's own settings after switching to it, so a runaway
 * query from the API ends here instead of holding a pooled connection:
 * anonymous callers get 3 seconds, signed-in users 8.
 */
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

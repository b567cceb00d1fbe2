-- Extensions live in their own `extensions` schema, as on hosted Supabase,
-- so every function can name them fully (`extensions.crypt(...)`) with an
-- empty search_path and behave the same on plain Postgres and on Supabase.

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists citext with schema extensions;
create extension if not exists unaccent with schema extensions;

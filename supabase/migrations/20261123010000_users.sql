-- Accounts: one row per person who can sign in.
--
-- The table lives in `app` and is never exposed. Signed-in users may read the
-- public columns of every account (a profile: id, name, bio, avatar) through
-- column privileges; the email, password hash and disabled flag are readable
-- only through security definer functions (`api.me`, admin RPCs) that decide
-- who may see them. Nobody but those functions writes to it.

/*
 * Users. Emails are case-insensitive (citext) and unique. The password is a
 * bcrypt hash from pgcrypto; the raw password never reaches a table or a log.
 * A disabled account cannot sign in and its live tokens stop working at once.
 */
create table app.users (
  id uuid primary key default gen_random_uuid(),
  email extensions.citext not null unique,
  password_hash text not null,
  name text,
  bio text,
  avatar_url text,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_email_valid check (
    length(email::text) <= 254 and email::text ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
  ),
  constraint users_name_length check (name is null or char_length(name) <= 100),
  constraint users_bio_length check (bio is null or char_length(bio) <= 1000),
  constraint users_avatar_url_length check (avatar_url is null or char_length(avatar_url) <= 2048)
);
alter table app.users enable row level security;

comment on table app.users is 'Accounts: email (case-insensitive), bcrypt password hash, public profile columns.';

-- Only the public profile columns are readable by signed-in users; writes go
-- through functions only.
revoke all on app.users from public, anon, authenticated;
grant select (id, name, bio, avatar_url, created_at) on app.users to authenticated;
grant all on app.users to service_role;

/* Keeps `updated_at` honest on every update. */
create or replace function app.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger users_touch_updated_at
  before update on app.users
  for each row execute function app.touch_updated_at();

create policy "signed-in users read every profile" on app.users
  for select to authenticated
  using (true);

/*
 * Accounts: one row per person who can sign in.
 *
 * The table lives in `app` and is never exposed. Signed-in users may read the
 * public columns of every account (a profile: id, name, bio, avatar) through
 * column privileges; the email, password hash and disabled flag are readable
 * only through security definer functions (`api.me`, admin RPCs) that decide
 * who may see them. Nobody but those functions writes to it.
 */

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
/*
 * Input checks for what people type into an account: each answers a 400
 * saying what to fix.
 *
 * PostgREST (and our gateway) hand a JSON object or array sent where a text
 * argument is expected to the function as its JSON text, so
 * `{"email": ["a@b.co"]}` arrives as the string '["a@b.co"]'. Emails refuse
 * RFC 5322's special characters outside a quoted local part (which we do not
 * accept), and names and bios refuse text that is itself a JSON object or
 * array: it was a wrong type, not a name.
 */

/* True when a text argument is really a JSON object or array the client sent in its place. */
create or replace function private.is_json_container(value text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  if value is null or value !~ '^\s*[\[{]' then
    return false;
  end if;
  return jsonb_typeof(value::jsonb) in ('object', 'array');
exception
  when others then
    return false;
end
$$;

/* Refuses an unusable password with a message saying what to fix. */
create or replace function private.check_password(password text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if password is null then
    raise exception using errcode = 'PT400', message = 'A password is required';
  elsif octet_length(password) > 72 then
    raise exception using errcode = 'PT400', message = 'Password is too long: at most 72 bytes',
      hint = 'bcrypt ignores everything after 72 bytes, so longer passwords are refused rather than silently cut.';
  elsif char_length(password) < 8 then
    raise exception using errcode = 'PT400', message = 'Password is too short: at least 8 characters';
  end if;
end
$$;

/* A trimmed, well-formed email address, or a 400. */
create or replace function private.clean_email(email text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  cleaned text;
begin
  if email is null or length(email) > 1000 then
    raise exception using errcode = 'PT400', message = 'A valid email address is required';
  end if;
  cleaned := btrim(email);
  if length(cleaned) > 254
     or cleaned !~ '^[^@[:space:][:cntrl:]"(),:;<>\[\]\\]+@[^@[:space:][:cntrl:]"(),:;<>\[\]\\_!#$%&''*+/=?^`{|}~]+\.[^@[:space:][:cntrl:]"(),:;<>\[\]\\_!#$%&''*+/=?^`{|}~.]+$'
     or cleaned ~ '\.\.|^\.|\.@|@\.|@-|-\.' then
    raise exception using errcode = 'PT400', message = 'A valid email address is required';
  end if;
  return cleaned;
end
$$;

/* A trimmed display name (empty means none), or a 400 saying what is wrong. */
create or replace function private.clean_name(name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if name is not null and length(name) > 100 then
    raise exception using errcode = 'PT400', message = 'Name is too long: at most 100 characters';
  end if;
  if name ~ '[[:cntrl:]]' then
    raise exception using errcode = 'PT400', message = 'Name must not contain control characters';
  end if;
  if private.is_json_container(name) then
    raise exception using errcode = 'PT400', message = 'Name must be a string';
  end if;
  return nullif(btrim(name), '');
end
$$;

/* A trimmed bio (empty means none), or a 400. */
create or replace function private.clean_bio(bio text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if bio is not null and char_length(bio) > 1000 then
    raise exception using errcode = 'PT400', message = 'Bio is too long: at most 1000 characters';
  end if;
  if bio ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    raise exception using errcode = 'PT400', message = 'Bio must not contain control characters';
  end if;
  if private.is_json_container(bio) then
    raise exception using errcode = 'PT400', message = 'Bio must be a string';
  end if;
  return nullif(btrim(bio), '');
end
$$;


-- Stricter input checks found by the bad-input API tests.
--
-- PostgREST (and our gateway) hand a JSON object or array sent where a text
-- argument is expected to the function as its JSON text, so
-- `{"email": ["a@b.co"]}` arrives as the string '["a@b.co"]'. Emails now
-- refuse RFC 5322's special characters outside a quoted local part (which we
-- do not accept), and names and bios refuse text that is itself a JSON
-- object or array: it was a wrong type, not a name.

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

/* A trimmed display name (empty means none), or a 400. */
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

/* update_me, now checking the bio through clean_bio (see 20261123010600_profiles). */
create or replace function api.update_me(
  name text default null,
  bio text default null,
  email text default null,
  current_password text default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  old_email text;
  new_email text;
  new_name text := private.clean_name(update_me.name);
  new_bio text := private.clean_bio(update_me.bio);
begin
  select u.email::text into old_email from app.users u where u.id = me;

  if update_me.email is not null then
    new_email := private.clean_email(update_me.email);
    if new_email <> old_email then
      perform private.verify_password(me, update_me.current_password);
      if exists (select from app.users u where u.email operator(extensions.=) new_email::extensions.citext and u.id <> me) then
        raise exception using errcode = 'PT409', message = 'An account with this email already exists';
      end if;
    end if;
  end if;

  update app.users u set
    name = case when update_me.name is null then u.name else new_name end,
    bio = case when update_me.bio is null then u.bio else new_bio end,
    email = coalesce(new_email, u.email::text)
  where u.id = me;

  if new_email is not null and new_email <> old_email then
    perform private.enqueue_email(old_email,
      'Your pgdrive email address was changed',
      format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', old_email, new_email),
      'email_changed');
    perform app.log_activity('auth.email_changed', me, 'user', me::text);
  end if;
  perform app.log_activity('profile.updated', me, 'user', me::text);
  return private.user_json(me);
end
$$;

/*
 * Profiles: the signed-in user's own account (`me`, `update_me`,
 * `change_password`) and the public profile every signed-in user may see
 * (id, name, avatar, bio).
 */

/* The public profile of every account, for signed-in users. */
create or replace view api.profiles
with (security_invoker = true)
as
  select u.id, u.name, u.avatar_url, u.bio
  from app.users u;
comment on view api.profiles is 'Public profiles (id, name, avatar_url, bio), readable by signed-in users.';
grant select on api.profiles to authenticated;

/* The caller's id, or a 401. */
create or replace function private.require_user()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  return me;
end
$$;

/* Checks the caller's current password before a sensitive change. */
create or replace function private.verify_password(user_id uuid, password text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if password is null or octet_length(password) > 1000 or not exists (
    select from app.users u
    where u.id = verify_password.user_id
      and extensions.crypt(verify_password.password, u.password_hash) = u.password_hash
  ) then
    raise exception using errcode = 'PT400', message = 'Current password is incorrect';
  end if;
end
$$;

/* The signed-in user's own account. */
create or replace function api.me()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.user_json(private.require_user())
$$;
comment on function api.me() is 'The signed-in user''s account: id, email, name, bio, avatar_url, created_at, app_roles.';

/*
 * Updates the caller's name, bio and email. A null argument leaves the field
 * as it is; an empty string clears name or bio. Changing the email needs the
 * current password, and the old address is told.
 */
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
comment on function api.update_me(text, text, text, text) is
  'Updates the signed-in user''s name and bio (null keeps, empty clears) and email (needs current_password).';

/* Changes the caller's password and signs out every other session. */
create or replace function api.change_password(current_password text default null, new_password text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  this_session uuid;
begin
  perform private.check_password(change_password.new_password);
  perform private.verify_password(me, change_password.current_password);
  begin
    this_session := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
  exception
    when invalid_text_representation then
      this_session := null;
  end;
  update app.users set password_hash = private.hash_password(change_password.new_password) where id = me;
  perform private.end_sessions(me, 'password_changed', except_session => this_session);
  perform private.send_password_changed(me);
  perform app.log_activity('auth.password_changed', me, 'user', me::text, '{"via": "change_password"}');
  return jsonb_build_object('message', 'Your password was changed. Other devices were signed out.');
end
$$;
comment on function api.change_password(text, text) is
  'Changes the signed-in user''s password (needs the current one) and ends every other session.';

grant execute on function api.me() to authenticated;
grant execute on function api.update_me(text, text, text, text) to authenticated;
grant execute on function api.change_password(text, text) to authenticated;
/*
 * Avatars: one small square image per user, stored through the storage
 * driver like any object and shown on the profile (`app.users.avatar_url`).
 * The files function resizes the upload (WebAssembly, no native code) and
 * calls app.set_avatar; the previous image goes to the storage garbage queue
 * (app.enqueue_unreferenced_object, with the files).
 */

create table app.avatars (
  user_id uuid primary key references app.users (id) on delete cascade,
  object_key text not null unique,
  updated_at timestamptz not null default now()
);
alter table app.avatars enable row level security;
comment on table app.avatars is 'The object holding each user''s avatar image.';
revoke all on app.avatars from public, anon, authenticated;
grant select on app.avatars to authenticated;
grant all on app.avatars to service_role;
create policy "signed-in users read avatars" on app.avatars for select to authenticated using (true);

/* Makes `object_key` the caller's avatar, shown at `url`; the previous image goes to the garbage queue. */
create or replace function app.set_avatar(object_key text, url text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  previous text;
begin
  if set_avatar.object_key !~ '^avatars/[0-9a-f-]{36}\.(webp|png)$' then
    raise exception using errcode = 'PT400', message = 'Invalid avatar object.';
  end if;
  select a.object_key into previous from app.avatars a where a.user_id = uid for update;
  insert into app.avatars (user_id, object_key) values (uid, set_avatar.object_key)
  on conflict (user_id) do update set object_key = excluded.object_key, updated_at = now();
  update app.users set avatar_url = set_avatar.url where id = uid;
  if previous is not null then
    perform app.enqueue_unreferenced_object(previous);
  end if;
  perform app.log_activity('profile.avatar', uid, 'user', uid::text, '{}');
  return set_avatar.url;
end
$$;

grant execute on function app.set_avatar(text, text) to authenticated;

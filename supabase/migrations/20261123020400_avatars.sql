-- Avatars: one small square image per user, stored through the storage
-- driver like any object and shown on the profile (`app.users.avatar_url`).
-- The files function resizes the upload (WebAssembly, no native code) and
-- calls app.set_avatar; the previous image is collected.

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

/* An object is referenced by a version, a pending upload or an avatar. */
create or replace function app.object_is_referenced(key text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select from app.file_versions where object_key = key)
      or exists (select from app.uploads where object_key = key and status = 'pending')
      or exists (select from app.avatars where object_key = key)
$$;

create or replace function app.enqueue_unreferenced_object(key text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into app.storage_garbage (object_key)
  select key
  where not app.object_is_referenced(key)
  on conflict do nothing
$$;

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

revoke execute on function app.object_is_referenced(text), app.enqueue_unreferenced_object(text),
  app.set_avatar(text, text) from public;
grant execute on function app.object_is_referenced(text) to service_role;
grant execute on function app.set_avatar(text, text) to authenticated;

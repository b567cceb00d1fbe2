-- Profile visibility: who may read whose name, bio and avatar.
--
-- Every signed-in user could list every profile (names, bios, avatars): a
-- directory of all users. Now there are two ways to a profile:
--
--   listing     the api.profiles view and the rows of app.users and
--               app.avatars behind it: one's own; everyone's for holders of
--               users.read (administrators); and the people one shares with
--               or who share with one (app.shares_with, which the sharing
--               feature fills in; today nobody). app.can_list_profile says it
--               for one id.
--   by id       api.profile(user_id): any signed-in user reads the profile
--               of an enabled account whose id they hold. Account ids are
--               random (122 bits) and the API hands one out only where that
--               account already shows itself (its avatar URL, and sharing to
--               come), so a profile is public by id without being a
--               directory. A disabled account's profile is listed only.
--
-- An avatar image follows the profile: app.avatar_object(user_id) is what
-- the files function serves. It answers anyone, signed in or not, for an
-- enabled account: the avatar URL carries the user id, is handed out only
-- with the profile, and an <img> cannot send a token.

/*
 * Does the caller share with `other_user`, or `other_user` with the caller?
 * Nothing is shared yet, so never; the sharing feature replaces this body
 * (the profile policies and app.can_list_profile follow it).
 */
create or replace function app.shares_with(other_user uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select false
$$;
comment on function app.shares_with(uuid) is 'True when the caller and other_user share with each other (none yet: the sharing feature fills it in).';

/* May the caller list this profile? Oneself, holders of users.read, and people who share with one another. */
create or replace function app.can_list_profile(user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select can_list_profile.user_id = app.current_user_id()
      or app.user_has_permission('users.read')
      or app.shares_with(can_list_profile.user_id)
$$;
comment on function app.can_list_profile(uuid) is 'True when the caller may list this profile: their own, any for holders of users.read, or someone they share with.';

grant execute on function app.shares_with(uuid), app.can_list_profile(uuid) to authenticated, service_role;

-- app.can_list_profile, written out so the caller's own id and permission
-- are evaluated once per query, not once per row.
drop policy "signed-in users read every profile" on app.users;
create policy "users read the profiles they may list" on app.users
  for select to authenticated
  using (id = (select app.current_user_id()) or (select app.user_has_permission('users.read')) or app.shares_with(id));

drop policy "signed-in users read avatars" on app.avatars;
create policy "users read the avatars of the profiles they may list" on app.avatars
  for select to authenticated
  using (user_id = (select app.current_user_id()) or (select app.user_has_permission('users.read')) or app.shares_with(user_id));

/* The profiles the caller may list (see above). */
create or replace view api.profiles
with (security_invoker = true)
as
  select u.id, u.name, u.avatar_url, u.bio
  from app.users u;
comment on view api.profiles is
  'Profiles (id, name, avatar_url, bio) the signed-in user may list: their own; everyone''s for holders of users.read; people they share with. Not a directory: read anyone else''s by id with rpc/profile.';
grant select on api.profiles to authenticated;

/* One profile by its id: public to signed-in users for an enabled account. */
create or replace function api.profile(user_id uuid default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found jsonb;
begin
  perform private.require_user();
  select jsonb_build_object('id', u.id, 'name', u.name, 'avatar_url', u.avatar_url, 'bio', u.bio) into found
  from app.users u
  where u.id = profile.user_id
    and (u.disabled_at is null or app.can_list_profile(u.id));
  if found is null then
    raise exception using errcode = 'PT404', message = 'No such profile';
  end if;
  return found;
end
$$;
comment on function api.profile(uuid) is
  'The profile (id, name, avatar_url, bio) of the account with this id, for signed-in users; 404 for an unknown or disabled account. Profiles are public by id, never listed: see the profiles view.';
grant execute on function api.profile(uuid) to authenticated;

/*
 * The storage object of a user's avatar, or null: for an enabled account to
 * anyone (the avatar URL is the capability), for a disabled one only to
 * those who may list its profile. The files function serves what it names.
 */
create or replace function app.avatar_object(user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select a.object_key
  from app.avatars a
  join app.users u on u.id = a.user_id
  where a.user_id = avatar_object.user_id
    and (u.disabled_at is null or app.can_list_profile(u.id))
$$;
comment on function app.avatar_object(uuid) is 'The object key of this user''s avatar when the caller may see it (anyone, for an enabled account), else null.';
grant execute on function app.avatar_object(uuid) to anon, authenticated, service_role;

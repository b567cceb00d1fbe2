-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.profile(user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.profile(user_id uuid) to authenticated;
comment on function api.profile(user_id uuid) is 'The profile (id, name, avatar_url, bio) of the account with this id, for signed-in users; 404 for an unknown or disabled account. Profiles are public by id, never listed: see the profiles view.';

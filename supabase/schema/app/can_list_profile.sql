-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.can_list_profile(user_id uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select can_list_profile.user_id = app.current_user_id()
      or app.user_has_permission('users.read')
      or app.shares_with(can_list_profile.user_id)
$function$;
grant execute on function app.can_list_profile(user_id uuid) to authenticated;
grant execute on function app.can_list_profile(user_id uuid) to service_role;
comment on function app.can_list_profile(user_id uuid) is 'True when the caller may list this profile: their own, any for holders of users.read, or someone they share with.';

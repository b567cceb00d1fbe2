-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.user_has_role(role_name text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select exists (
    select from app.user_roles ur
    join app.roles r on r.id = ur.role_id
    where ur.user_id = app.current_user_id() and r.name = role_name
  )
$function$;
grant execute on function app.user_has_role(role_name text) to anon;
grant execute on function app.user_has_role(role_name text) to authenticated;
grant execute on function app.user_has_role(role_name text) to service_role;
comment on function app.user_has_role(role_name text) is 'True when the signed-in caller holds the named role.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.role_names(user_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(jsonb_agg(r.name order by r.name), '[]'::jsonb)
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id
  where ur.user_id = role_names.user_id
$function$;
grant execute on function app.role_names(user_id uuid) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.user_holds_permission(user_id uuid, permission_name text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select exists (
    select from app.user_roles ur
    join app.roles r on r.id = ur.role_id
    where ur.user_id = user_holds_permission.user_id
      and (r.name = 'superadmin' or exists (
        select from app.role_permissions rp join app.permissions p on p.id = rp.permission_id
        where rp.role_id = r.id and p.name = permission_name))
  )
$function$;

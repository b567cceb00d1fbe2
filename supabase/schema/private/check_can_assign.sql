-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_can_assign(target_role app.roles)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if target_role.name = 'superadmin' and not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can grant or revoke superadmin';
  end if;
  if not app.user_has_role('superadmin') and exists (
    select from app.role_permissions rp
    join app.permissions p on p.id = rp.permission_id
    where rp.role_id = target_role.id and not app.user_has_permission(p.name)
  ) then
    raise exception using errcode = '42501', message = 'You cannot grant or revoke a role with permissions you do not hold';
  end if;
end
$function$;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_can_manage(target uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if exists (select from app.user_roles ur join app.roles r on r.id = ur.role_id
             where ur.user_id = target and r.name = 'superadmin')
     and not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can do this to a superadmin';
  end if;
end
$function$;

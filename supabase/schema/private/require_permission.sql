-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.require_permission(permission_name text)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
begin
  if not app.user_has_permission(permission_name) then
    raise exception using errcode = '42501', message = format('You need the %s permission to do this', permission_name);
  end if;
  return me;
end
$function$;

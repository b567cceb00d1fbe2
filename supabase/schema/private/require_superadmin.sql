-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.require_superadmin()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
begin
  if not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can do this';
  end if;
  return me;
end
$function$;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.existing_permission(permission_name text)
 RETURNS app.permissions
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  found app.permissions;
begin
  select * into found from app.permissions p where p.name = permission_name;
  if found.id is null then
    raise exception using errcode = 'PT404', message = 'No such permission';
  end if;
  return found;
end
$function$;

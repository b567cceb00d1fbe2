-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.existing_role(role_name text)
 RETURNS app.roles
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  found app.roles;
begin
  select * into found from app.roles r where r.name = role_name;
  if found.id is null then
    raise exception using errcode = 'PT404', message = 'No such role';
  end if;
  return found;
end
$function$;

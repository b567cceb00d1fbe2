-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_rbac_name(name text, kind text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if kind = 'role' and (name is null or name !~ '^[a-z][a-z0-9_]{1,39}$') then
    raise exception using errcode = 'PT400', message = 'A role name is 2 to 40 lowercase letters, digits or underscores, starting with a letter';
  elsif kind = 'permission' and (name is null or name !~ '^[a-z][a-z0-9_]{0,39}\.[a-z][a-z0-9_]{0,39}$') then
    raise exception using errcode = 'PT400', message = 'A permission name is resource.action in lowercase letters, digits or underscores';
  end if;
end
$function$;

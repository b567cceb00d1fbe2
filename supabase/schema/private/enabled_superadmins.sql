-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.enabled_superadmins()
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  n integer;
begin
  perform pg_advisory_xact_lock(hashtext('pgdrive.superadmins'));
  select count(*) into n
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id and r.name = 'superadmin'
  join app.users u on u.id = ur.user_id and u.disabled_at is null;
  return n;
end
$function$;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.hold_collection()
 RETURNS uuid
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  insert into private.backup_holds (expires_at)
  values (now() + make_interval(hours => private.setting_int('backup.hold_hours', 6)))
  returning id
$function$;
comment on function private.hold_collection() is 'Pauses the collection of unreferenced objects until private.release_collection(id) or backup.hold_hours.';

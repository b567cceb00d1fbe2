-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.enqueue_unreferenced_object(key text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  insert into app.storage_garbage (object_key, keep_until)
  select key, now() + make_interval(days => greatest(0, private.setting_int('backup.retention_days', 7)))
  where not app.object_is_referenced(key)
  on conflict do nothing
$function$;

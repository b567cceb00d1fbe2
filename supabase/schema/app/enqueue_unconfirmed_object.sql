-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.enqueue_unconfirmed_object(key text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  insert into app.storage_garbage (object_key)
  select key
  where not app.object_is_referenced(key)
  on conflict do nothing
$function$;

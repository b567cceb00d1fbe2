-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.collection_paused()
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select exists (select from private.backup_holds where expires_at > now())
$function$;
grant execute on function app.collection_paused() to service_role;
comment on function app.collection_paused() is 'True while a backup copies objects: the files maintenance then deletes no bytes.';

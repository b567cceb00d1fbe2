-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.object_is_referenced(key text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select exists (select from app.file_versions where object_key = key)
      or exists (select from app.uploads where object_key = key and status = 'pending')
      or exists (select from app.avatars where object_key = key)
      or exists (select from app.thumbnails where object_key = key)
$function$;
grant execute on function app.object_is_referenced(key text) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.fold(value text)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select extensions.unaccent('extensions.unaccent'::regdictionary, coalesce(value, ''))
$function$;
grant execute on function app.fold(value text) to authenticated;
grant execute on function app.fold(value text) to service_role;

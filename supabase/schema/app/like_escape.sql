-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.like_escape(value text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select replace(replace(replace(value, '\', '\\'), '%', '\%'), '_', '\_')
$function$;
grant execute on function app.like_escape(value text) to authenticated;
grant execute on function app.like_escape(value text) to service_role;

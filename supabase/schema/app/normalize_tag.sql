-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.normalize_tag(name text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select lower(btrim(regexp_replace(regexp_replace(name, '[[:cntrl:]]', '', 'g'), '\s+', ' ', 'g')))
$function$;
grant execute on function app.normalize_tag(name text) to authenticated;
grant execute on function app.normalize_tag(name text) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_text(q text)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select lower(app.fold(left(btrim(regexp_replace(coalesce(q, ''), '[[:cntrl:][:space:]]+', ' ', 'g')), 256)))
$function$;
grant execute on function app.search_text(q text) to authenticated;
grant execute on function app.search_text(q text) to service_role;

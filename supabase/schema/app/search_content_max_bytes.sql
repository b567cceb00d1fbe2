-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_content_max_bytes()
 RETURNS integer
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(nullif(private.setting('search.content_max_bytes'), '')::integer, 262144)
$function$;
grant execute on function app.search_content_max_bytes() to authenticated;
grant execute on function app.search_content_max_bytes() to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_pdf_max_bytes()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(nullif(private.setting('search.pdf_max_bytes'), '')::bigint, 16777216)
$function$;
grant execute on function app.search_pdf_max_bytes() to authenticated;
grant execute on function app.search_pdf_max_bytes() to service_role;

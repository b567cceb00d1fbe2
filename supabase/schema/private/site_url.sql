-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.site_url()
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select rtrim(coalesce(private.setting('site_url'), 'http://localhost:54323'), '/')
$function$;

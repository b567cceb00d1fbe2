-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_owner_code(owner uuid)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select pg_catalog.left(pg_catalog.md5(owner::pg_catalog.text), 8)
$function$;
grant execute on function app.search_owner_code(owner uuid) to authenticated;
grant execute on function app.search_owner_code(owner uuid) to service_role;

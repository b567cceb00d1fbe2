-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_owner_test(owner uuid, filters text[], keyed boolean)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select format(case when keyed and not exists (select from unnest(filters) x where x like 'f.type_group = %')
                     then '(f.owner_id = %L::uuid) is true' else 'f.owner_id = %L::uuid' end, owner)
$function$;
grant execute on function app.search_owner_test(owner uuid, filters text[], keyed boolean) to authenticated;
grant execute on function app.search_owner_test(owner uuid, filters text[], keyed boolean) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_deletion_keys(owner uuid, word text)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select array(
    select distinct app.search_owner_code(owner) || k
    from (select word as k
          union all
          select overlay(word placing '' from i for 1) from generate_series(1, char_length(word)) i) keys
    order by 1)
$function$;
grant execute on function app.search_deletion_keys(owner uuid, word text) to authenticated;
grant execute on function app.search_deletion_keys(owner uuid, word text) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_name_trigrams(owner uuid, name text)
 RETURNS text[]
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select coalesce(array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3)), '{}')
  from unnest(array[lower(coalesce(name, '')), lower(app.fold(name))]) s,
       regexp_matches(s, '[[:alnum:]]{3,}', 'g') r,
       generate_series(1, char_length(r[1]) - 2) i
$function$;
grant execute on function app.search_name_trigrams(owner uuid, name text) to authenticated;
grant execute on function app.search_name_trigrams(owner uuid, name text) to service_role;

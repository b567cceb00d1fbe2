-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_query_trigrams(owner uuid, qn text)
 RETURNS text[]
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3))
  from regexp_matches(left(qn, 256), '[[:alnum:]]{3,}', 'g') r, generate_series(1, char_length(r[1]) - 2) i
$function$;
grant execute on function app.search_query_trigrams(owner uuid, qn text) to authenticated;
grant execute on function app.search_query_trigrams(owner uuid, qn text) to service_role;

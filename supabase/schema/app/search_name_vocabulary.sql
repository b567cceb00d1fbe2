-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_name_vocabulary(search_vector tsvector)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select coalesce(array_agg(distinct w order by w), '{}')
  from (select substring(u.lexeme from '^[[:alpha:]]+') as w from unnest(search_vector) u where 'A' = any(u.weights)) x
  where char_length(w) between 3 and 64
$function$;
grant execute on function app.search_name_vocabulary(search_vector tsvector) to authenticated;
grant execute on function app.search_name_vocabulary(search_vector tsvector) to service_role;

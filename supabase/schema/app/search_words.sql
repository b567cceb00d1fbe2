-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_words(query text)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select coalesce(array_agg(w order by n), '{}')
  from (
    select w, min(n) as n
    from unnest(string_to_array(app.name_words(left(query, 1000)), ' ')) with ordinality as t(w, n)
    where w <> ''
    group by w
    order by min(n)
    limit 16
  ) words
$function$;
grant execute on function app.search_words(query text) to authenticated;
grant execute on function app.search_words(query text) to service_role;

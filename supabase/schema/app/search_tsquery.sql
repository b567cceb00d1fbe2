-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_tsquery(q text, weights text DEFAULT ''::text)
 RETURNS tsquery
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select to_tsquery('simple'::regconfig, string_agg(w || ':*' || weights, ' & '))
  from unnest(app.search_words(q)) w
  having count(*) > 0
$function$;
grant execute on function app.search_tsquery(q text, weights text) to authenticated;
grant execute on function app.search_tsquery(q text, weights text) to service_role;

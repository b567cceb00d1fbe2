-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_owner_tsquery(owner uuid, qn text, kind text)
 RETURNS tsquery
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select string_agg(quote_literal(app.search_owner_code(owner) || kind || w) || ':*', ' & ')::tsquery
  from unnest(app.search_words(qn)) w
  having count(*) > 0
$function$;
grant execute on function app.search_owner_tsquery(owner uuid, qn text, kind text) to authenticated;
grant execute on function app.search_owner_tsquery(owner uuid, qn text, kind text) to service_role;

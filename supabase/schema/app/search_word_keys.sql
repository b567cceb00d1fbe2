-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_word_keys(owner uuid, search_vector tsvector)
 RETURNS tsvector
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select coalesce(array_to_tsvector(array_agg(distinct k)), ''::tsvector)
  from (
    select app.search_owner_code(owner) || 't' || u.lexeme as k from unnest(search_vector) u
    union all
    select app.search_owner_code(owner) || 'n' || u.lexeme from unnest(search_vector) u where 'A' = any(u.weights)
  ) keys
$function$;
grant execute on function app.search_word_keys(owner uuid, search_vector tsvector) to authenticated;
grant execute on function app.search_word_keys(owner uuid, search_vector tsvector) to service_role;

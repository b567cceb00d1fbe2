-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when t.qn <> '' then
           coalesce(nullif(array_to_string(filters[2:], ' and '), '') || ' and ', '') || '(' || coalesce(nullif(array_to_string(array_remove(array[
             case when t.trigrams is not null then format('f.search_trigrams @> %L::text[]', t.trigrams) end,
             case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end,
             case when fuzzy then (app.search_near_arm(t))[1] end],
             null), ' or '), ''), 'false') || ')'
         when exists (select from unnest(filters) x where x like 'f.tag_ids @>%') then array_to_string(filters[2:], ' and ')
         else array_to_string(filters, ' and ') end
$function$;
grant execute on function app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[]) to authenticated;
grant execute on function app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[]) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_match_cost(t app.search_terms, bucket integer, filters text[])
 RETURNS double precision
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when bucket = 1 and t.trigrams is not null
                   and not exists (select from unnest(filters[2:]) x where x !~ '^f\.(trashed_at|updated_at) ')
              then 0.6 else 4.3 end
$function$;
grant execute on function app.search_match_cost(t app.search_terms, bucket integer, filters text[]) to authenticated;
grant execute on function app.search_match_cost(t app.search_terms, bucket integer, filters text[]) to service_role;

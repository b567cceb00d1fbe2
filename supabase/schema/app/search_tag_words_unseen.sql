-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_tag_words_unseen(t app.search_terms, fuzzy boolean)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select format('(not %s or %s)', c[5], array_to_string(array_remove(array[
      format('f.search_vector @@ %L::tsquery',
        (select string_agg(quote_literal(w) || ':*ACD', ' & ') from unnest(t.qwords) w)),
      c[4], c[6]], null), ' or '))
  from (select app.search_bucket_conds(t, fuzzy) as c) b
  where t.words is not null
$function$;
grant execute on function app.search_tag_words_unseen(t app.search_terms, fuzzy boolean) to authenticated;
grant execute on function app.search_tag_words_unseen(t app.search_terms, fuzzy boolean) to service_role;
comment on function app.search_tag_words_unseen(t app.search_terms, fuzzy boolean) is 'Search inside a share: the SQL condition that a file matches the query''s words through more than the owner''s tag words.';

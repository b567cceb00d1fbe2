-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_near_arm(t app.search_terms)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when t.near_words is not null then array[
      (select format('f.search_words @@ %L::tsquery', string_agg(quote_literal(t.code || 'n' || w) || ':*', ' | '))
       from unnest(t.near_words) w having count(*) > 0),
      coalesce((select 'case ' || string_agg(format('when f.search_words @@ %L::tsquery then %L::real', g.keys, g.score), ' '
                  order by g.score desc) || ' else 0::real end'
                from (select s as score, string_agg(quote_literal(t.code || 'n' || w) || ':*', ' | ') as keys
                      from unnest(t.near_words, t.near_scores) u(w, s) group by s) g), '0::real')]
    when t.near then array[
      format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)', t.code, t.qn),
      format('extensions.word_similarity(%L, f.name)::real', t.qn)]
    else array[null, '0::real']
  end
$function$;
grant execute on function app.search_near_arm(t app.search_terms) to authenticated;
grant execute on function app.search_near_arm(t app.search_terms) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_bucket_conds(t app.search_terms, fuzzy boolean)
 RETURNS text[]
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  sub text := case when t.trigrams is not null then
    format('(f.search_trigrams @> %L::text[] and (f.name || '''') ilike %L)', t.trigrams, '%' || t.esc || '%') end;
  word text := case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end;
  near text := case when fuzzy then (app.search_near_arm(t))[1] end;
  arms text[] := array_remove(array[sub, word, near], null);
  matches text := case when cardinality(arms) > 0 then '(' || array_to_string(arms, ' or ') || ')' else 'false' end;
  whole text := format('(lower(f.name) = %L or lower(f.name) like %L)', t.qn, t.esc || '.%');
  prefix text := format('lower(f.name) like %L', t.esc || '%');
begin
  return array[
    case when t.trigrams is not null then whole else whole || ' and ' || matches end,
    case when t.trigrams is not null then prefix else prefix || ' and ' || matches end,
    case when t.names is not null then format('f.search_words @@ %L::tsquery', t.names) end,
    sub,
    word,
    near,
    -- 7: all the match arms together
    matches
  ];
end
$function$;
grant execute on function app.search_bucket_conds(t app.search_terms, fuzzy boolean) to authenticated;
grant execute on function app.search_bucket_conds(t app.search_terms, fuzzy boolean) to service_role;

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb, page_size integer, bound integer DEFAULT 1001, text_filtered boolean DEFAULT false)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  rest text := coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), '');
  arms text[];
  candidates text;
  word text := coalesce(format('f.search_words @@ %L::tsquery', t.words), 'false');
  named text := coalesce(format('f.search_words @@ %L::tsquery', t.names), 'false');
  whole text := format('lower(f.name) = %L or starts_with(lower(f.name), %L)', t.qn, t.qn || '.');
  near boolean := fuzzy and (app.search_near_arm(t))[1] is not null;
begin
  if t.qn = '' then
    -- Filters only; tag ids are the owner's own keys. Past 1000, the newest dates of the 1001 counted.
    return format($sql$
      with m as materialized (
        select f.id, f.updated_at, 0 as bucket, 0::real as score from app.files f where %1$s%2$s limit 1001)
      select total, rows, case when total > 1000 then
          (select jsonb_build_object('counts', jsonb_build_array(count(*)),
             'dates', jsonb_build_object('0', to_jsonb((array_agg(updated_at order by updated_at desc))[1:256])))
           from m) end as sample
      from (select count(*) as total from m) t,
        lateral (select coalesce(jsonb_agg(to_jsonb(p) order by p.updated_at desc, p.id desc), '[]') as rows
                 from (select * from m where %3$s order by updated_at desc, id desc limit %4$s) p) r
    $sql$, app.search_owner_test(owner, filters, rest like '%f.tag_ids @>%'), rest, app.search_after(cursor), page_size);
  end if;
  -- The GIN conditions select the rows; each arm is then tested once per row.
  arms := array_remove(array[
    case when t.trigrams is not null then format('f.search_trigrams @> %L::text[]', t.trigrams) end,
    case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end,
    case when fuzzy then (app.search_near_arm(t))[1] end], null);
  if cardinality(arms) = 0 then
    -- Only punctuation: nothing can match it.
    arms := array['false'];
  end if;
  -- Each candidate's bucket, 5 when no exact arm matches it. One CASE on the position of the
  -- query in the lower-case name (ILIKE '%q%' is that position > 0), so that lower() runs once
  -- and the word keys are read only when the name does not decide.
  candidates := format(
    'select f.id, f.updated_at, %s row_number() over () as candidate, %s as bucket '
    'from app.files f where %s%s and (%s)%s offset 0',
    -- The near-miss score reads the name or the word keys.
    case when near then 'f.name, f.search_words,' else '' end,
    case when t.trigrams is not null then format(
      -- A name containing the query is a substring match (3), unless it starts with it (0, 1) or
      -- holds the query's words (2). Else the words decide (2 or 4): a name word's key 'n' always
      -- comes with the same word's key 't' (app.search_word_keys), so `named` implies `word`.
      'case strpos(lower(f.name), %L) when 0 then case when %s then case when %s then 2 else 4 end else 5 end '
      'when 1 then case when %s then 0 else 1 end else case when %s then 2 else 3 end end',
      t.qn, word, named, whole, named)
    else format(
      -- No trigram key (fewer than 3 letters or digits in a row): no substring arm, the words decide.
      'case when not (%s) then 5 when starts_with(lower(f.name), %L) then case when %s then 0 else 1 end '
      'when %s then 2 else 4 end',
      word, t.qn, whole, named) end,
    app.search_owner_test(owner, filters, true), rest, array_to_string(arms, ' or '),
    -- `is true` keeps the planner from reading them through their indexes.
    case when text_filtered then ' is true' else '' end);
  return format($sql$
    with m as materialized (
      select id, updated_at, candidate, bucket, %1$s as score
      from (%2$s) f
      where %3$s limit %6$s)
    select total, rows, sample
    from (select count(*) as total from m) t,
      lateral (select coalesce(jsonb_agg(to_jsonb(p) order by p.bucket, p.score desc, p.updated_at desc, p.id desc), '[]') as rows
               from (select * from m where %4$s order by bucket, score desc, updated_at desc, id desc limit %5$s) p) r,
      -- Past 1000, a sample for phase 2: how many of the first 1001 matches fall in each bucket,
      -- how many candidates gave them, and each bucket's newest dates.
      lateral (select case when total >= %6$s then (
                 select jsonb_build_object(
                   'counts', jsonb_build_array(count(*) filter (where bucket = 0), count(*) filter (where bucket = 1),
                     count(*) filter (where bucket = 2), count(*) filter (where bucket = 3),
                     count(*) filter (where bucket = 4), count(*) filter (where bucket = 5)),
                   'candidates', max(candidate),
                   'dates', jsonb_build_object(
                     '1', to_jsonb((array_agg(updated_at order by updated_at desc) filter (where bucket = 1))[1:256]),
                     '2', to_jsonb((array_agg(updated_at order by updated_at desc) filter (where bucket = 2))[1:256]),
                     '3', to_jsonb((array_agg(updated_at order by updated_at desc) filter (where bucket = 3))[1:256]),
                     '4', to_jsonb((array_agg(updated_at order by updated_at desc) filter (where bucket = 4))[1:256])))
                 from m) end as sample) s
  $sql$,
    case when near then 'coalesce(sim, 0)::real' else '0::real' end,
    -- A near-miss's score only for the candidates no exact arm matched.
    case when near then format(
      'select f.*, case when bucket = 5 then %s end as sim from (%s) f offset 0',
      (app.search_near_arm(t))[2], candidates) else candidates end,
    case when near then
      'bucket < 5 or coalesce(sim >= current_setting(''pg_trgm.word_similarity_threshold'')::real, false)'
      else 'bucket < 5' end,
    app.search_after(cursor), page_size, bound);
end
$function$;
grant execute on function app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb, page_size integer, bound integer, text_filtered boolean) to authenticated;
grant execute on function app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb, page_size integer, bound integer, text_filtered boolean) to service_role;

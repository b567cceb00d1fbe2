-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_near_page(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer)
 RETURNS TABLE(total bigint, rows jsonb)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  g record;
  near_total bigint;
  dense boolean;
  owner_files double precision;
  need integer;
  walk_rows integer;
  got jsonb;
  edge jsonb;
  better text;
  picked jsonb := '[]';
begin
  if t.near_words is null or cardinality(t.near_words) = 0 or cardinality(filters) <> 2
     or filters[2] <> 'f.trashed_at is null' then
    return;
  end if;
  select sum(w.files), max(w.files) > 1000 into near_total, dense
  from app.owner_name_words w where w.owner_id = owner and w.word = any(t.near_words);
  if dense is not true then
    return;
  end if;
  owner_files := app.search_estimate(array_to_string(filters, ' and '));
  for g in
    select u.s as score, string_agg(quote_literal(t.code || 'n' || u.w) || ':*', ' | ') as keys,
           string_agg(format('strpos(lower(f.name), %L) > 0', u.w), ' or ') as name_test,
           greatest(sum(coalesce(w.files, 0)), 1) as files
    from unnest(t.near_words, t.near_scores) u(w, s)
    left join app.owner_name_words w on w.owner_id = owner and w.word = u.w
    group by u.s order by u.s desc
  loop
    need := page_size - jsonb_array_length(picked);
    exit when need <= 0;
    edge := null;
    -- Walk when, at even density, a third of a walk (about 1.5 us a file with its tests) is
    -- cheaper than reading the group's files through the word keys (about 7 us each): the
    -- newest files of a word may be far older than the owner's newest (measured on bench/search).
    walk_rows := 0;
    if 4.5 * owner_files * need / g.files < 7 * g.files then
      walk_rows := least(greatest(3 * owner_files * need / g.files, 1000), 60000)::integer;
      execute app.search_near_group_sql(owner, g.keys, better, exact, g.name_test, g.score, walk_rows, null, need) into got;
      picked := picked || got;
      need := need - jsonb_array_length(got);
      if need > 0 then
        -- The walk fell short: the group's files older than the last one it read (none: it read them all).
        execute format('select to_jsonb(e) from (select f.updated_at, f.id from app.files f where f.owner_id = %L::uuid '
          'and f.trashed_at is null order by f.updated_at desc, f.id desc offset %s limit 1) e', owner, walk_rows - 1) into edge;
        if edge is null then
          need := 0;
        end if;
      end if;
    end if;
    if need > 0 then
      execute app.search_near_group_sql(owner, g.keys, better, exact, g.name_test, g.score, 0, edge, need) into got;
      picked := picked || got;
    end if;
    better := coalesce(better || ' | ', '') || g.keys;
  end loop;
  return query select near_total, picked;
end
$function$;
grant execute on function app.search_near_page(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer) to authenticated;
grant execute on function app.search_near_page(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer) to service_role;

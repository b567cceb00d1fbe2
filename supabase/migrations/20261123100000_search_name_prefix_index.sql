/*
 * search_files on a big drive, fifth pass (after 20261123080100), measured
 * on 1,000,000 files (bench/search, one user owning 200,000):
 *
 *   - names that start with the query (bucket 1) come index-only from a
 *     covering prefix index, files_search_name_prefix (it replaces
 *     files_search_lower_name, which needed the table for every date). A
 *     prefix of a thousand old names (`ins`, `pay`, `gar`) walked 10,000 to
 *     25,000 of the owner's newest files to fill a page (15 to 20 ms); reading
 *     its matches costs about 0.6 us each instead of 4.3, so a page now walks
 *     only when the prefix is common among recent names
 *     (app.search_match_cost), and reads 1,034 matches in about 1 ms when not;
 *   - phase 1 ranks each candidate with one CASE on the position of the query
 *     in its lower-case name: lower() once instead of up to four times, no
 *     per-row test of the trigram keys (a name containing the query holds
 *     them), and the word keys read only when the name does not decide (a
 *     substring of 3,204 matches: 16.5 ms, now 11);
 *   - a query with filters that select fewer files than its GIN keys hold
 *     (a common word with a tag, or a type over a few months) tests the query
 *     on the files the filters select instead of ANDing the keys' bitmaps;
 *   - the page's files are read once for the items and their highlights.
 * Matches, ranking, totals, the cursor and every filter are unchanged.
 */

-- The name prefix index, covering what a page of prefixes reads: index-only with no filter but
-- the trash and dates. `name` makes it usable index-only (the planner asks for the column under
-- lower(name)).
drop index app.files_search_lower_name;
create index files_search_name_prefix on app.files (owner_id, lower(name) text_pattern_ops)
  include (updated_at, id, trashed_at, name);

/*
 * What reading one match of a bucket through its index costs, in us (measured
 * on this machine, as app.search_walk_length's walk at 1 us a file): name
 * prefixes (bucket 1) come index-only from files_search_name_prefix when no
 * filter but the trash and dates needs the table; any other bucket, or
 * other filters, reads each match from the table.
 */
create function app.search_match_cost(t app.search_terms, bucket integer, filters text[])
returns double precision
language sql
immutable
set search_path = ''
as $$
  select case when bucket = 1 and t.trigrams is not null
                   and not exists (select from unnest(filters[2:]) x where x !~ '^f\.(trashed_at|updated_at) ')
              then 0.6 else 4.3 end
$$;

/*
 * Phase 1, as before; each candidate's bucket in one pass over its name. With
 * `text_filtered`, the query's GIN conditions are tested on the files the
 * filters select instead of selecting files themselves.
 */
drop function app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer, integer);
create function app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb,
  page_size integer, bound integer default 1001, text_filtered boolean default false)
returns text
language plpgsql
immutable
set search_path = ''
as $$
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
$$;

/*
 * How many of the owner's newest files a page of one bucket should walk, as
 * before (20261123050200), against `match_cost` us per match read through
 * the bucket's index (app.search_match_cost) instead of 4.3 for every bucket.
 */
drop function app.search_walk_length(uuid, jsonb, double precision, double precision, integer, jsonb, integer, double precision);
create function app.search_walk_length(owner uuid, dates jsonb, share double precision, matching double precision, need integer, cursor jsonb,
  bucket integer, row_cost double precision, match_cost double precision)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  k integer := ceil(need * 1001.0 / greatest(matching, 1002))::integer;
  sampled timestamptz[];
  newer bigint;
begin
  select array_agg(d::timestamptz order by n) into sampled
  from jsonb_array_elements_text(coalesce(dates, '[]')) with ordinality e(d, n)
  where cursor is null or (cursor ->> 0)::integer <> bucket or d::timestamptz < (cursor ->> 2)::timestamptz;
  if k > coalesce(cardinality(sampled), 0) then
    return 0;
  end if;
  newer := app.search_estimate(format('f.owner_id = %L::uuid and f.updated_at >= %L::timestamptz', owner, sampled[k])
    || case when cursor is not null and (cursor ->> 0)::integer = bucket
       then format(' and f.updated_at <= %L::timestamptz', (cursor ->> 2)::timestamptz) else '' end);
  if 1.5 * newer * row_cost < match_cost * share * greatest(matching, 1002) then
    return least(greatest(2 * newer, 1000), 100000)::integer;
  end if;
  return 0;
end
$$;
grant execute on function app.search_walk_length(uuid, jsonb, double precision, double precision, integer, jsonb, integer,
  double precision, double precision) to authenticated, service_role;
grant execute on function app.search_match_cost(app.search_terms, integer, text[]) to authenticated, service_role;
grant execute on function app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer, integer, boolean)
  to authenticated, service_role;

/* A bucket's next rows, as before; a walk gives up against the bucket's own index cost. */
create or replace function app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer,
  walk_rows integer, cursor jsonb, page_size integer, matches real default null)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  rows jsonb := '[]'::jsonb;
  part jsonb;
  edge jsonb;
  after jsonb := case when cursor is not null and (cursor ->> 0)::integer = bucket then cursor end;
  walked bigint := 0;
  more double precision;
begin
  if walk_rows <= 0 then
    execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0, after, page_size) into rows;
    return rows;
  end if;
  loop
    execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, walk_rows, after, page_size - jsonb_array_length(rows))
      into part;
    rows := rows || part;
    exit when jsonb_array_length(rows) >= page_size;
    -- The last file the walk read (none: it read all of the owner's files, the bucket is complete).
    execute format('select to_jsonb(e) from (select f.updated_at, f.id from app.files f where f.owner_id = %L::uuid and %s '
      'order by f.updated_at desc, f.id desc offset %s limit 1) e', owner,
      case when after is not null then
        format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (after ->> 2)::timestamptz, (after ->> 3)::uuid)
      else 'true' end, walk_rows - 1) into edge;
    exit when edge is null;
    after := jsonb_build_array(bucket, 0, edge -> 'updated_at', edge -> 'id', fuzzy);
    walked := walked + walk_rows;
    -- Walk on while, at the density seen so far, the rest of the page is nearer than reading
    -- the bucket's remaining matches (`matches`, the estimate) through its index.
    more := (page_size - jsonb_array_length(rows)) * walked::double precision / greatest(jsonb_array_length(rows), 1);
    if matches is null or walked + more > 100000
       or more * (case when bucket = 4 then 4 else 1 end) > app.search_match_cost(t, bucket, filters) * (matches - jsonb_array_length(rows)) then
      execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0, after, page_size - jsonb_array_length(rows))
        into part;
      return rows || part;
    end if;
    walk_rows := greatest(ceil(1.5 * more), 1000)::integer;
  end loop;
  return rows;
end
$$;

/* search_files as before, with each bucket's index cost, and the page's files read once. */
create or replace function api.search_files(
  q text default '',
  tags text[] default null,
  type_group text default null,
  mime_type text default null,
  modified_from timestamptz default null,
  modified_to timestamptz default null,
  size_min bigint default null,
  size_max bigint default null,
  folder_id uuid default null,
  include_subfolders boolean default true,
  trashed boolean default false,
  after text default null,
  page_size integer default 50
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.4
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
  cursor jsonb;
  fuzzy boolean := false;
  wanted_tags text[] := app.clean_tag_names(tags);
  tag_ids uuid[];
  group_name text := nullif(lower(btrim(type_group)), '');
  mime text := nullif(lower(btrim(split_part(mime_type, ';', 1))), '');
  total bigint;
  rows jsonb;
  next_cursor text;
  estimate bigint;
  qn text;
  filters text[];
  terms app.search_terms := app.search_terms(me, q);
  narrow app.search_terms;
  conds text[];
  near_total bigint;
  near_rows jsonb;
  paged boolean := false;
  walk_rows integer;
  items jsonb;
  sample jsonb;
  matching real;
  candidates bigint;
  bound integer := 1001;
  text_filtered boolean := false;
begin
  if page_size is null or page_size < 1 or page_size > 200 then
    raise exception using errcode = '22023', message = 'page_size is 1 to 200.';
  end if;
  if group_name is not null and group_name not in
     ('image', 'video', 'audio', 'document', 'spreadsheet', 'presentation', 'pdf', 'archive', 'code', 'other') then
    raise exception using errcode = '22023', message = format('Unknown type group "%s".', left(type_group, 40)),
      hint = 'One of image, video, audio, document, spreadsheet, presentation, pdf, archive, code, other.';
  end if;
  if after is not null and after <> '' then
    begin
      cursor := convert_from(decode(translate(after, '-_', '+/') || repeat('=', (4 - length(after) % 4) % 4), 'base64'), 'UTF8')::jsonb;
      perform (cursor ->> 0)::integer, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid,
        (cursor ->> 4)::boolean;
      if jsonb_typeof(cursor) <> 'array' or jsonb_array_length(cursor) <> 5 then
        raise exception 'bad cursor';
      end if;
    exception when others then
      raise exception using errcode = '22023', message = 'The cursor is not valid: start the search again.';
    end;
    -- A later page searches the way the first page did.
    fuzzy := (cursor ->> 4)::boolean;
    if fuzzy then
      terms := app.search_near_words(me, terms);
    end if;
  end if;

  if cardinality(wanted_tags) > 0 then
    select array_agg(t.id) into tag_ids from app.tags t where t.owner_id = me and t.name = any(wanted_tags);
    if coalesce(cardinality(tag_ids), 0) < cardinality(wanted_tags) then
      -- A tag the caller does not have: no file carries all of them.
      return jsonb_build_object('items', '[]'::jsonb, 'total', 0, 'total_is_exact', true, 'next_cursor', null);
    end if;
  end if;

  qn := terms.qn;
  filters := app.search_filters(me, tag_ids, group_name, mime, modified_from, modified_to, size_min, size_max,
    folder_id, include_subfolders, trashed);
  total := null;
  if qn <> '' and not fuzzy and cardinality(filters) > 2 then
    -- Selective filters (a tag, a type over a few months) select fewer files than a common
    -- word's GIN keys hold: testing the query on those files (about 4 us each, read from the
    -- table) then costs less than reading the keys (0.5 us each; `notes` with a tag, a type
    -- and a date: 21 ms through the keys, 7.5 testing the 510 files the filters select).
    text_filtered := 4 * app.search_estimate(app.search_estimate_where(app.search_terms(me, ''), false, filters))
      < 0.5 * app.search_estimate(app.search_estimate_where(terms, false, filters[1:1]));
  end if;
  if terms.trigrams is not null and terms.words is not null and not fuzzy and not text_filtered then
    -- When the query's words are the prefix of many words (above 5,000 files, a
    -- bitmap of them costs more than 2 ms), first count the name substrings
    -- alone: past 1000 of them the words are not needed for the total, and
    -- phase 2 asks them only if the name buckets leave room on the page.
    narrow := terms;
    narrow.words := null;
    if app.search_estimate(coalesce(nullif(array_to_string(filters[2:], ' and '), '') || ' and ', '')
         || format('f.search_words @@ %L::tsquery', terms.words)) > 5000 then
      execute app.search_collect_sql(me, narrow, fuzzy, filters, cursor, page_size + 1) into total, rows, sample;
      if total <= 1000 then
        total := null;
      end if;
    end if;
  end if;
  if total is null then
    if not fuzzy and cardinality(terms.trigrams) = 1 and cardinality(filters) <= 2 then
      -- A substring of one owner trigram key (three letters or digits) with no filter but the
      -- trash, whose GIN conditions give few files (by the planner, close for one key): collect
      -- every match at once, so that past 1000 the page needs no phase 2 (up to 8000: else as
      -- before). Not for longer substrings, whose keys the planner multiplies into far too few
      -- files, nor with filters: every candidate is read, whatever the filters keep.
      candidates := app.search_estimate(app.search_estimate_where(terms, fuzzy, filters));
      -- search.collect_all_below: that bound (4000 by default; tests set 0 to page bucket by bucket).
      if candidates <= coalesce(nullif(current_setting('search.collect_all_below', true), ''), '4000')::integer then
        bound := 8001;
      end if;
    end if;
    execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1, bound, text_filtered)
      into total, rows, sample;
    if bound > 1001 and total > 1000 then
      if total < bound then
        -- Every match collected: the page is exact, and so is the total.
        paged := true;
        estimate := total;
      else
        execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1) into total, rows, sample;
      end if;
    end if;
  end if;

  -- Too few exact hits on the first page: search again, tolerating typos.
  if cursor is null and total < 10 and terms.near then
    fuzzy := true;
    terms := app.search_near_words(me, terms);
    if total > jsonb_array_length(rows) then
      -- The page did not hold every exact match: the whole search again.
      execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1) into total, rows, sample;
    else
      -- Every exact match is on the page: near-misses of the name (bucket 5) fill the rest,
      -- group by group of near words when they are many, else all of them ranked at once.
      select p.total, p.rows into near_total, near_rows
      from app.search_near_page(me, terms, filters,
        (select coalesce(array_agg((e ->> 'id')::uuid), '{}') from jsonb_array_elements(rows) e),
        page_size + 1 - jsonb_array_length(rows)) p;
      if near_total is null then
        execute app.search_near_sql(me, terms, filters,
          (select coalesce(array_agg((e ->> 'id')::uuid), '{}') from jsonb_array_elements(rows) e),
          page_size + 1 - jsonb_array_length(rows)) into near_total, near_rows;
      end if;
      total := total + near_total;
      rows := rows || near_rows;
      paged := true;
    end if;
  end if;

  if total > 1000 and estimate is null then
    -- Past the bound: the planner's estimate of the candidates, times the share that matched.
    estimate := round(case when candidates is not null and not fuzzy and cardinality(filters) <= 2 then candidates
                           else app.search_estimate(app.search_estimate_where(terms, fuzzy, filters)) end
      * total::real / coalesce(nullif((sample ->> 'candidates')::bigint, 0), total));
  end if;

  if total > 1000 and not paged then
    -- Many matches: the page bucket by bucket, in rank order, until it is full.
    -- A bucket walks the owner's files newest first (buckets 1 to 3
    -- index-only, about 1 us a file; bucket 4 and tag filters read the
    -- table's word keys or tags, 4 us) when its sample says the page is
    -- near enough; else its matches come through its index and are sorted.
    matching := greatest(estimate, total + 1);
    if qn = '' then
      if exists (select from unnest(filters) x where x like 'f.tag_ids @>%') then
        rows := app.search_bucket_rows(me, terms, fuzzy, filters, 0,
          app.search_walk_length(me, sample -> 'dates' -> '0', 1, matching, page_size + 1, cursor, 0, 1,
            app.search_match_cost(terms, 0, filters)),
          cursor, page_size + 1, matching);
      else
        -- Type, date, size, folder: the planner walks the index that orders them.
        execute app.search_bucket_sql(me, terms, fuzzy, filters, 0, -1, cursor, page_size + 1) into rows;
      end if;
    else
      rows := '[]';
      conds := app.search_bucket_conds(terms, fuzzy);
      for b in coalesce((cursor ->> 0)::integer, 0) .. 5 loop
        exit when jsonb_array_length(rows) > page_size;
        continue when conds[b + 1] is null;
        walk_rows := 0;
        if not fuzzy and b between 1 and 4 and (b = 4 or terms.trigrams is not null)
          and (sample -> 'counts' ->> b)::integer > 0 then
          walk_rows := app.search_walk_length(me, sample -> 'dates' -> b::text, (sample -> 'counts' ->> b)::real / 1001,
            matching, page_size + 1 - jsonb_array_length(rows), cursor, b, case when b = 4 then 4 else 1 end,
            app.search_match_cost(terms, b, filters));
        end if;
        rows := rows || app.search_bucket_rows(me, terms, fuzzy, filters, b, walk_rows, cursor,
          page_size + 1 - jsonb_array_length(rows), ((sample -> 'counts' ->> b)::integer * matching / 1001)::real);
      end loop;
    end if;
  end if;

  if jsonb_array_length(rows) > page_size then
    next_cursor := rtrim(translate(encode(convert_to(jsonb_build_array(
      rows -> (page_size - 1) -> 'bucket', rows -> (page_size - 1) -> 'score',
      rows -> (page_size - 1) -> 'updated_at', rows -> (page_size - 1) -> 'id', fuzzy)::text, 'UTF8'), 'base64'),
      E'+/\n', '-_'), '=');
    rows := rows - page_size;
  end if;

  -- The page's files, read once for the items and for their highlights.
  with page as materialized (
    select f.id, f.name, f.folder_id, f.mime_type, f.type_group, f.size, f.description, f.created_at, f.updated_at,
           f.trashed_at, e.r, e.n
    from jsonb_array_elements(rows) with ordinality as e(r, n)
    join app.files f on f.id = (e.r ->> 'id')::uuid)
  select jsonb_agg(jsonb_build_object(
      'id', f.id, 'name', f.name, 'folder_id', f.folder_id, 'mime_type', f.mime_type, 'type_group', f.type_group,
      'size', f.size, 'description', f.description, 'created_at', f.created_at, 'updated_at', f.updated_at,
      'trashed_at', f.trashed_at, 'tags', coalesce(tg.list, '[]'),
      'rank', (f.r ->> 'bucket')::integer,
      'match', case when qn = '' then null
               else (array['exact', 'prefix', 'word', 'substring', 'text', 'fuzzy'])[(f.r ->> 'bucket')::integer + 1] end,
      'score', (f.r ->> 'score')::real,
      'highlight', case when qn = '' then '[]'::jsonb else coalesce(h.map -> f.name, '[]') end
    ) order by f.n)
  into items
  from page f
  cross join (select case when qn <> '' then app.search_highlights(array_agg(p.name), q) end as map from page p) h
  left join lateral (
    select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name) as list
    from app.file_tags ft join app.tags t on t.id = ft.tag_id
    where ft.file_id = f.id
  ) tg on true;

  return jsonb_build_object(
    'items', coalesce(items, '[]'),
    'total', case when estimate is not null then greatest(estimate, 1001) else total end,
    'total_is_exact', total <= 1000,
    'next_cursor', next_cursor);
end
$$;
comment on function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) is
$$Searches your files. Every argument is optional; filters combine with AND.
  q: words or part of a name; matches name substrings (3+ characters), word prefixes in the name, tags, description and the text of text-like files, and (when few files match) near-misses of the name. Up to 256 characters are used.
  tags: the files must carry all of these tags. type_group: image, video, audio, document, spreadsheet, presentation, pdf, archive, code or other (see the type_groups view). mime_type: one exact type.
  modified_from (inclusive) / modified_to (exclusive): updated_at range. size_min / size_max: bytes, inclusive.
  folder_id: only that folder, with its sub-folders unless include_subfolders is false. trashed: false (default) outside the trash, true only the trash, null both.
  after: the next_cursor of the previous page. page_size: 1 to 200 (default 50).
Returns {items, total, total_is_exact, next_cursor}. Each item: id, name, folder_id, mime_type, type_group, size, description, created_at, updated_at, trashed_at, tags [{id, name}], rank (0 exact name, 1 name prefix, 2 name words, 3 name substring, 4 tags/description/content, 5 near-miss), match (the same as a word), score (near-miss similarity), highlight [{start, length}] (0-based character offsets in name). Ordered by rank, score, then most recently modified. total is exact up to 1000 matches, then an estimate (total_is_exact false). next_cursor is null on the last page.$$;

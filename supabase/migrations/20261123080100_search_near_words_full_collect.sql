/*
 * search_files on a big drive, fourth pass (after 20261123050200), measured
 * on 1,000,000 files (bench/search, one user owning 200,000):
 *
 *   - near-misses of a one-word query of letters come through the owner's
 *     vocabulary of name words (20261123080000): every place that asked the
 *     owner trigram index of names for `q <% name` and scored each candidate
 *     with word_similarity (phase 1, a bucket page, the near-misses after a
 *     first page) now takes the near-miss arm and its score from
 *     app.search_near_arm, and search_files looks the near words up once
 *     (app.search_near_words) before asking for near-misses. With many of
 *     them (one near word on more than 1000 files) the first page comes group
 *     by group (app.search_near_page) instead of ranking them all;
 *   - a three-character substring with no filter but the trash, whose one
 *     owner trigram key the planner expects to give at most 4000 files,
 *     collects all of its matches in phase 1 (up to 8000) instead of the first
 *     1001: past 1000 matches the page is then exact without a phase 2, which
 *     for substrings of 1,000 to 3,000 matches spread over every date read
 *     most of them a second time (16 to 21 ms before, 11 to 16 after, in SQL).
 *     The total is still reported as past the bound (total_is_exact false),
 *     though it is then the exact count. Only there: for longer words the
 *     planner multiplies the selectivities of the word's trigram keys into a
 *     handful of files where 10,000 names hold it, and with filters every one
 *     of them was read (`invoice`, pdf, since 2024: 73 ms, 34 before);
 *     any other query collects the first 1001, as before.
 * Ranking, the cursor and the filters are unchanged.
 */

/* The bucket conditions, as before, the near-miss arm from app.search_near_arm. */
create or replace function app.search_bucket_conds(t app.search_terms, fuzzy boolean)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
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
$$;

/*
 * Phase 1, as before, except that a text query collects up to `bound`
 * matches (1001 before; the sample is given only when it reached the bound),
 * and a near-miss's score comes from app.search_near_arm.
 */
drop function app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer);
create function app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb,
  page_size integer, bound integer default 1001)
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
  candidates := format(
    'select f.id, f.updated_at, f.name, %s l.lname, row_number() over () as candidate, coalesce(%s, false) as sub, '
    'coalesce(%s, false) as word, coalesce(%s, false) as named '
    'from app.files f, lateral (select lower(f.name) as lname) l where %s%s and (%s) offset 0',
    -- The near-miss score reads the word keys.
    case when near then 'f.search_words,' else '' end,
    -- The name substring arm: ILIKE '%q%' is a search of the lower-case name for the (lower-case) query.
    coalesce(format('f.search_trigrams @> %L::text[] and strpos(lname, %L) > 0', t.trigrams, t.qn), 'null'),
    coalesce(format('f.search_words @@ %L::tsquery', t.words), 'null'),
    coalesce(format('f.search_words @@ %L::tsquery', t.names), 'null'),
    app.search_owner_test(owner, filters, true), rest, array_to_string(arms, ' or '));
  return format($sql$
    with m as materialized (
      select id, updated_at, candidate,
             case when lname = %1$L or starts_with(lname, %2$L) then 0
                  when starts_with(lname, %3$L) then 1
                  when named then 2 when sub then 3 when word then 4 else 5 end as bucket,
             %4$s as score
      from (%5$s) f
      where %6$s limit %9$s)
    select total, rows, sample
    from (select count(*) as total from m) t,
      lateral (select coalesce(jsonb_agg(to_jsonb(p) order by p.bucket, p.score desc, p.updated_at desc, p.id desc), '[]') as rows
               from (select * from m where %7$s order by bucket, score desc, updated_at desc, id desc limit %8$s) p) r,
      -- Past 1000, a sample for phase 2: how many of the first 1001 matches fall in each bucket,
      -- how many candidates gave them, and each bucket's newest dates.
      lateral (select case when total >= %9$s then (
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
    t.qn, t.qn || '.', t.qn,
    case when near then 'coalesce(sim, 0)::real' else '0::real' end,
    -- The GIN conditions select the rows; each arm is then tested once per row (a near-miss's score too).
    case when near then format(
      'select f.*, case when not (sub or word) then %s end as sim from (%s) f offset 0',
      (app.search_near_arm(t))[2], candidates) else candidates end,
    case when near then
      'sub or word or coalesce(sim >= current_setting(''pg_trgm.word_similarity_threshold'')::real, false)'
      else 'sub or word' end,
    app.search_after(cursor), page_size, bound);
end
$$;

/* Phase 2, as before; bucket 5's score and keyset from app.search_near_arm. */
create or replace function app.search_bucket_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer,
  walk_rows integer, cursor jsonb, page_size integer)
returns text
language plpgsql
immutable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  rest text := coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), '');
  conds text[] := app.search_bucket_conds(t, fuzzy);
  earlier text := 'false';
  keyset text := 'true';
  lookup text;
  hit text;
begin
  if cursor is not null and (cursor ->> 0)::integer = bucket then
    if bucket = 5 then
      keyset := format('(%1$s < %2$L or (%1$s = %2$L and (f.updated_at, f.id) < (%3$L::timestamptz, %4$L::uuid)))',
        (app.search_near_arm(t))[2], (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    else
      keyset := format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    end if;
  end if;

  if t.qn = '' then
    if walk_rows > 0 then
      -- The owner's newest files, index-only, tested against the filters.
      return format($sql$
        select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 0, 'score', 0)
          order by p.updated_at desc, p.id desc), '[]')
        from (select f.id, f.updated_at
              from (select f.id, f.updated_at, f.name, f.trashed_at, f.type_group, f.mime_type, f.size, f.folder_id, f.tag_ids
                    from app.files f where %1$s and %2$s order by f.updated_at desc, f.id desc limit %3$s) f
              where true%4$s order by f.updated_at desc, f.id desc limit %5$s) p
      $sql$, app.search_owner_test(owner, filters, false), keyset, walk_rows, rest, page_size);
    end if;
    -- walk_rows = 0: every file the filters select through their index (`offset 0`), then sorted;
    -- walk_rows < 0: the planner's choice (an index that orders the files by date).
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', 0, 'score', 0)
        order by f.updated_at desc, f.id desc), '[]')
      from (select * from (select f.id, f.updated_at from app.files f where %1$s%2$s and %3$s %4$s) f
            order by f.updated_at desc, f.id desc limit %5$s) f
    $sql$, app.search_owner_test(owner, filters, walk_rows = 0 and rest like '%f.tag_ids @>%'), rest, keyset,
      case when walk_rows = 0 then 'offset 0' else 'order by f.updated_at desc, f.id desc limit ' || page_size end, page_size);
  end if;

  if walk_rows > 0 then
    -- The test of each walked file, cheapest part first. Buckets 1 to 3
    -- read the name only: it starts with the query (1), contains it (3, the
    -- same files as its trigram keys and ILIKE), or (2) holds every query
    -- word or a non-ASCII character (folding maps those to other letters),
    -- so that every name whose words start with the query words passes, and
    -- the file's name-word keys, read by primary key for those few rows,
    -- decide. Bucket 4 reads each file's word keys from the table.
    lookup := format('coalesce((select n.search_words @@ %L::tsquery from app.files n where n.id = f.id), false)', t.names);
    -- Each test is a CASE so that it runs in this order (the planner would
    -- reorder the parts of an AND by its own cost estimates).
    hit := case bucket
      -- lower() maps character to character: the name's first characters are enough.
      when 1 then format('case when lower(left(f.name, %s)) = %L then true%s and not %s else false end',
        char_length(t.qn), t.qn, rest, conds[1])
      when 2 then format('case when (%s or octet_length(f.name) <> char_length(f.name))%s and not (%s or %s) then %s else false end',
        (select string_agg(format('strpos(lower(f.name), %L) > 0', w), ' and ') from unnest(t.qwords) w),
        rest, conds[1], conds[2], lookup)
      when 3 then format('case when strpos(lower(f.name), %L) > 0%s and not (%s or %s) then not %s else false end',
        t.qn, rest, conds[1], conds[2], lookup)
      else format('case when %s%s then not (%s) else false end', conds[5], rest, array_to_string(array_remove(conds[1:4], null), ' or '))
    end;
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', %1$s, 'score', 0)
        order by p.updated_at desc, p.id desc), '[]')
      from (select f.id, f.updated_at
            from (select %2$s from app.files f where %3$s and %4$s order by f.updated_at desc, f.id desc limit %5$s) f
            where %6$s order by f.updated_at desc, f.id desc limit %7$s) p
    $sql$, bucket,
      case when bucket = 4 then 'f.*'
        else 'f.id, f.updated_at, f.name, f.trashed_at, f.type_group, f.mime_type, f.size, f.folder_id, f.tag_ids' end,
      app.search_owner_test(owner, filters, false), keyset, walk_rows, hit, page_size);
  end if;

  for b in 0 .. bucket - 1 loop
    if conds[b + 1] is not null then
      earlier := earlier || ' or ' || conds[b + 1];
    end if;
  end loop;
  -- `offset 0` keeps the ORDER BY ... LIMIT out of the scan: every match through the index, then the sort.
  return format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', %1$s, 'score', f.score)
      order by f.score desc, f.updated_at desc, f.id desc), '[]')
    from (select * from (select f.id, f.updated_at, %2$s as score from app.files f where %3$s%4$s and %5$s and not (%6$s) and %7$s
                         offset 0) f
          order by score desc, updated_at desc, id desc limit %8$s) f
  $sql$, bucket,
    case when bucket = 5 then (app.search_near_arm(t))[2] else '0::real' end,
    app.search_owner_test(owner, filters, bucket >= 2), rest, conds[bucket + 1], earlier, keyset, page_size);
end
$$;

grant execute on function app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer, integer)
  to authenticated, service_role;

/* The near-misses after a first page's exact matches, as before; their score from app.search_near_arm. */
create or replace function app.search_near_sql(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select format($sql$
    select count(*), coalesce(jsonb_agg(jsonb_build_object('id', id, 'updated_at', updated_at, 'bucket', 5, 'score', score)
      order by n) filter (where n <= %1$s), '[]')
    from (select f.*, row_number() over (order by f.score desc, f.updated_at desc, f.id desc) as n
          from (select f.id, f.updated_at, %2$s as score
                from app.files f where %3$s%4$s and %5$s and f.id <> all(%6$L::uuid[]) offset 0) f) r
  $sql$, page_size, (app.search_near_arm(t))[2], app.search_owner_test(owner, filters, true),
    coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), ''),
    coalesce((app.search_bucket_conds(t, true))[6], 'false'), exact)
$$;

/* The WHERE text of the planner's estimate of a search's candidates, as before; the near-miss arm from app.search_near_arm. */
create or replace function app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[])
returns text
language sql
immutable
set search_path = ''
as $$
  select case when t.qn <> '' then
           coalesce(nullif(array_to_string(filters[2:], ' and '), '') || ' and ', '') || '(' || coalesce(nullif(array_to_string(array_remove(array[
             case when t.trigrams is not null then format('f.search_trigrams @> %L::text[]', t.trigrams) end,
             case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end,
             case when fuzzy then (app.search_near_arm(t))[1] end],
             null), ' or '), ''), 'false') || ')'
         when exists (select from unnest(filters) x where x like 'f.tag_ids @>%') then array_to_string(filters[2:], ' and ')
         else array_to_string(filters, ' and ') end
$$;

/*
 * search_files as before, except that a search tolerating typos first looks
 * up the owner's near words (app.search_near_words).
 */
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
  highlights jsonb;
  sample jsonb;
  matching real;
  candidates bigint;
  bound integer := 1001;
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
  if terms.trigrams is not null and terms.words is not null and not fuzzy then
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
    execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1, bound) into total, rows, sample;
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
          app.search_walk_length(me, sample -> 'dates' -> '0', 1, matching, page_size + 1, cursor, 0, 1),
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
            matching, page_size + 1 - jsonb_array_length(rows), cursor, b, case when b = 4 then 4 else 1 end);
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

  if qn <> '' then
    highlights := app.search_highlights(array(
      select f.name from jsonb_array_elements(rows) e(r) join app.files f on f.id = (e.r ->> 'id')::uuid), q);
  end if;

  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', f.id, 'name', f.name, 'folder_id', f.folder_id, 'mime_type', f.mime_type, 'type_group', f.type_group,
        'size', f.size, 'description', f.description, 'created_at', f.created_at, 'updated_at', f.updated_at,
        'trashed_at', f.trashed_at, 'tags', coalesce(tg.list, '[]'),
        'rank', (r ->> 'bucket')::integer,
        'match', case when qn = '' then null
                 else (array['exact', 'prefix', 'word', 'substring', 'text', 'fuzzy'])[(r ->> 'bucket')::integer + 1] end,
        'score', (r ->> 'score')::real,
        'highlight', case when qn = '' then '[]'::jsonb else coalesce(highlights -> f.name, '[]') end
      ) order by n)
      from jsonb_array_elements(rows) with ordinality as e(r, n)
      join app.files f on f.id = (r ->> 'id')::uuid
      left join lateral (
        select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name) as list
        from app.file_tags ft join app.tags t on t.id = ft.tag_id
        where ft.file_id = f.id
      ) tg on true), '[]'),
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

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_drive(drive_owner uuid, within uuid[], reach uuid[], q text DEFAULT ''::text, tags text[] DEFAULT NULL::text[], type_group text DEFAULT NULL::text, mime_type text DEFAULT NULL::text, modified_from timestamp with time zone DEFAULT NULL::timestamp with time zone, modified_to timestamp with time zone DEFAULT NULL::timestamp with time zone, size_min bigint DEFAULT NULL::bigint, size_max bigint DEFAULT NULL::bigint, folder_id uuid DEFAULT NULL::uuid, include_subfolders boolean DEFAULT true, trashed boolean DEFAULT false, after text DEFAULT NULL::text, page_size integer DEFAULT 50)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "pg_trgm.word_similarity_threshold" TO '0.4'
AS $function$
#variable_conflict use_variable
declare
  me uuid := drive_owner;
  token_root uuid := app.token_folder();
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
  tagged bigint;
  newest_first boolean := false;
  tags_unseen boolean := within is not null;
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

  if cardinality(wanted_tags) > 0 and tags_unseen then
    -- The owner's tags are not the caller's: no file inside a share carries a tag of theirs.
    return jsonb_build_object('items', '[]'::jsonb, 'total', 0, 'total_is_exact', true, 'next_cursor', null);
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
  if within is not null then
    filters := filters || format('f.folder_id = any(%L::uuid[])', within);
    if terms.words is not null then
      filters := filters || app.search_tag_words_unseen(terms, fuzzy);
    end if;
  end if;
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
  if total is null and qn = '' and cardinality(tag_ids) > 0
     and not exists (select from unnest(filters[2:]) x where x !~ '^f\.(trashed_at|tag_ids) ') then
    -- Tags alone: the tag index gives every file with the tags, then reads them until 1001 are
    -- counted (about 0.15 us a file with the tags, then 3 ms of heap); walking the owner's files
    -- newest first (index-only, 0.33 us a file) reaches 1001 in owner/tagged times as many. For
    -- a tag on one file in eight of a big drive (bench/search's `archive`, 26,662 of 199,974
    -- files) the walk takes 1.3 ms where the tag index takes 9; for one in forty, 3.5 ms through
    -- the tag index, 15 walking. The planner's estimates decide.
    tagged := app.search_estimate(array_to_string(filters[2:], ' and '));
    newest_first := 330.0 * app.search_estimate(filters[1]) / greatest(tagged, 1) < 0.15 * tagged + 3000;
  end if;
  if newest_first then
    select n.total, n.rows, n.sample into total, rows, sample from app.search_newest(filters, cursor, page_size + 1) n;
    -- The newest 1001 matches lead the order: a page they hold whole is exact, and so is a
    -- total of up to 1000.
    paged := total <= 1000 or jsonb_array_length(rows) > page_size;
  end if;
  if total is null then
    if not fuzzy and cardinality(terms.trigrams) = 1 and cardinality(filters) <= 2 then
      -- A substring of one owner trigram key (three letters or digits) with no filter but the
      -- trash, whose GIN conditions give few files (by the planner, close for one key): collect
      -- every match at once, so that past 1000 the page needs no phase 2 (up to 8000; with more,
      -- the first 1001 are collected again, as for any query). Not for longer substrings, whose
      -- keys the planner multiplies into far too few files, nor with filters: every candidate
      -- is read, whatever the filters keep.
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

  if tagged is not null and total > 1000 and estimate is null then
    -- Tags alone past 1000: the estimate is the planner's count of the files with the tags,
    -- asked once above.
    estimate := tagged;
  end if;

  -- Too few exact hits on the first page: search again, tolerating typos.
  if cursor is null and total < 10 and terms.near then
    fuzzy := true;
    terms := app.search_near_words(me, terms);
    if tags_unseen and terms.words is not null then
      -- The near-miss arm now counts too.
      filters[cardinality(filters)] := app.search_tag_words_unseen(terms, fuzzy);
    end if;
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

  -- The page's files, read once for the items, their highlights and their tags, and the path of
  -- each of their folders, climbed once per distinct folder (to the token's folder, for a
  -- folder-limited token).
  with recursive page as materialized (
    select f.id, f.name, f.folder_id, f.mime_type, f.type_group, f.size, f.description, f.created_at, f.updated_at,
           f.trashed_at, f.tag_ids, e.r, e.n
    from jsonb_array_elements(rows) with ordinality as e(r, n)
    join app.files f on f.id = (e.r ->> 'id')::uuid),
  up as (
    -- Each step one folder by its primary key (LIMIT 1 keeps the lookup a nested loop).
    select d.folder_id as start, fo.id, fo.parent_id, fo.name, 0 as depth
    from (select distinct p.folder_id from page p where p.folder_id is not null) d
    cross join lateral (select fo.id, fo.parent_id, fo.name from app.folders fo
                        where fo.id = d.folder_id and fo.owner_id = me limit 1) fo
    union all
    select up.start, fo.id, fo.parent_id, fo.name, up.depth + 1
    from up
    cross join lateral (select fo.id, fo.parent_id, fo.name from app.folders fo
                        where fo.id = up.parent_id and fo.owner_id = me limit 1) fo
    where up.id is distinct from token_root and up.depth < 64
      -- Inside a share, up to the highest folder shared with the caller.
      and (reach is null or up.parent_id = any(reach))),
  paths as (
    select up.start, jsonb_agg(jsonb_build_object('id', up.id, 'name', up.name) order by up.depth desc) as path
    from up group by up.start),
  tag_names as (
    -- The names of the page's tags, read once by primary key. Each file's tag ids are in the
    -- row the page already read (app.files.tag_ids, kept from app.file_tags by trigger in the
    -- same statement), so no app.file_tags lookup per file.
    select coalesce(jsonb_object_agg(t.id, t.name), '{}') as map
    from app.tags t
    where t.id = any(array(select distinct x from page p, unnest(p.tag_ids) x)))
  select jsonb_agg(jsonb_build_object(
      'id', f.id, 'name', f.name, 'folder_id', f.folder_id, 'mime_type', f.mime_type, 'type_group', f.type_group,
      'size', f.size, 'description', f.description, 'created_at', f.created_at, 'updated_at', f.updated_at,
      'trashed_at', f.trashed_at, 'folder_path', coalesce(fp.path, '[]'), 'tags', case when tags_unseen then '[]' else coalesce(tg.list, '[]') end,
      'rank', (f.r ->> 'bucket')::integer,
      'match', case when qn = '' then null
               else (array['exact', 'prefix', 'word', 'substring', 'text', 'fuzzy'])[(f.r ->> 'bucket')::integer + 1] end,
      'score', (f.r ->> 'score')::real,
      'highlight', case when qn = '' then '[]'::jsonb else coalesce(h.map -> f.name, '[]') end
    ) order by f.n)
  into items
  from page f
  left join paths fp on fp.start = f.folder_id
  cross join (select case when qn <> '' then app.search_highlights(array_agg(p.name), q) end as map from page p) h
  cross join tag_names tn
  left join lateral (
    select jsonb_agg(jsonb_build_object('id', u.id, 'name', tn.map ->> u.id::text) order by tn.map ->> u.id::text) as list
    from unnest(f.tag_ids) u(id)
    where tn.map ? u.id::text
  ) tg on true;

  return jsonb_build_object(
    'items', coalesce(items, '[]'),
    'total', case when estimate is not null then greatest(estimate, 1001) else total end,
    'total_is_exact', total <= 1000,
    'next_cursor', next_cursor);
end
$function$;
comment on function app.search_drive(drive_owner uuid, within uuid[], reach uuid[], q text, tags text[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean, after text, page_size integer) is 'The search behind api.search_files over one owner''s drive: the whole drive, or (within) the folders a share reaches, with paths up to the highest of reach.';

/*
 * search_files' page of items in one pass: the highlight of every name on
 * the page from one call (app.search_highlights) and the tags from a lateral
 * join, instead of app.search_highlight and app.file_tag_list per item: on
 * PostgreSQL 15 a SQL function with SET options is neither inlined nor
 * cached, so 50 calls re-planned its queries 50 times (about 8 ms a page).
 * Same results as before.
 */

/* The highlights of many names for one query, as {name: [{start, length}]} (as app.search_highlight). */
create function app.search_highlights(names text[], q text)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(l.name, coalesce(whole.h, words.h, near.h, '[]'::jsonb)), '{}')
  from (select qn, app.search_words(qn) as qwords from app.search_text(q) qn) n
  cross join lateral (select distinct u.name, lower(app.fold(u.name)) as lname from unnest(names) u(name) where u.name is not null) l
  left join lateral (
    select jsonb_build_array(jsonb_build_object('start', strpos(l.lname, n.qn) - 1, 'length', char_length(n.qn))) as h
    where n.qn <> '' and strpos(l.lname, n.qn) > 0
  ) whole on true
  left join lateral (
    -- Every word of the query found in the name, when the whole query is not.
    select jsonb_agg(jsonb_build_object('start', p - 1, 'length', char_length(w)) order by p) as h
    from unnest(n.qwords) w, lateral (select strpos(l.lname, w) as p) s
    where p > 0
  ) words on true
  left join lateral (
    -- Else the name word most like the query (its words split only when needed).
    select jsonb_build_array(jsonb_build_object('start', strpos(l.lname, w) - 1, 'length', char_length(w))) as h
    from unnest(string_to_array(app.name_words(l.lname), ' ')) w
    where whole.h is null and words.h is null and w <> '' and strpos(l.lname, w) > 0 and n.qn <> ''
    order by extensions.similarity(w, n.qn) desc
    limit 1
  ) near on true
$$;
grant execute on function app.search_highlights(text[], text) to authenticated, service_role;

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
  query text;
  total bigint;
  rows jsonb;
  next_cursor text;
  estimate bigint;
  plan json;
  qn text;
  near_total bigint;
  near_rows jsonb;
  highlights jsonb;
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
  end if;

  if cardinality(wanted_tags) > 0 then
    select array_agg(t.id) into tag_ids from app.tags t where t.owner_id = me and t.name = any(wanted_tags);
    if coalesce(cardinality(tag_ids), 0) < cardinality(wanted_tags) then
      -- A tag the caller does not have: no file carries all of them.
      return jsonb_build_object('items', '[]'::jsonb, 'total', 0, 'total_is_exact', true, 'next_cursor', null);
    end if;
  end if;

  query := app.search_sql(me, q, fuzzy, tag_ids, group_name, mime, modified_from, modified_to,
    size_min, size_max, folder_id, include_subfolders, trashed, cursor, page_size + 1);
  execute format('select max(total), jsonb_agg(to_jsonb(r) - ''total'') filter (where id is not null) from (%s) r', query)
    into total, rows;

  -- Too few exact hits on the first page: search again, tolerating typos.
  if cursor is null and app.search_text(q) <> '' and total < 10 then
    fuzzy := true;
    qn := app.search_text(q);
    rows := coalesce(rows, '[]');
    if total > jsonb_array_length(rows) then
      -- The first page did not hold every exact match: the whole search again.
      query := app.search_sql(me, q, fuzzy, tag_ids, group_name, mime, modified_from, modified_to,
        size_min, size_max, folder_id, include_subfolders, trashed, cursor, page_size + 1);
      execute format('select max(total), jsonb_agg(to_jsonb(r) - ''total'') filter (where id is not null) from (%s) r', query)
        into total, rows;
    elsif char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}' then
      -- Bucket 5 alone: near-misses of the name that are not already on the page.
      execute format(
        'select count(*), jsonb_agg(jsonb_build_object(''id'', r.id, ''updated_at'', r.updated_at, ''bucket'', 5, ''score'', r.score) '
        'order by r.n) filter (where r.n <= %s) '
        'from (select f.id, f.updated_at, extensions.word_similarity(%L, f.name)::real as score, '
        'row_number() over (order by extensions.word_similarity(%L, f.name) desc, f.updated_at desc, f.id desc) as n '
        'from app.files f where %s and app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name '
        'and f.id <> all(%L::uuid[])) r',
        page_size + 1 - jsonb_array_length(rows), qn, qn,
        array_to_string(app.search_filters(me, tag_ids, group_name, mime, modified_from, modified_to, size_min, size_max,
          folder_id, include_subfolders, trashed), ' and '),
        app.search_owner_code(me), qn,
        (select coalesce(array_agg((e ->> 'id')::uuid), '{}') from jsonb_array_elements(rows) e))
        into near_total, near_rows;
      total := total + near_total;
      rows := rows || coalesce(near_rows, '[]');
    end if;
  end if;
  rows := coalesce(rows, '[]');

  if jsonb_array_length(rows) > page_size then
    next_cursor := rtrim(translate(encode(convert_to(jsonb_build_array(
      rows -> (page_size - 1) -> 'bucket', rows -> (page_size - 1) -> 'score',
      rows -> (page_size - 1) -> 'updated_at', rows -> (page_size - 1) -> 'id', fuzzy)::text, 'UTF8'), 'base64'),
      E'+/\n', '-_'), '=');
    rows := rows - page_size;
  end if;

  qn := app.search_text(q);
  if qn <> '' then
    highlights := app.search_highlights(array(
      select f.name from jsonb_array_elements(rows) e(r) join app.files f on f.id = (e.r ->> 'id')::uuid), q);
  end if;

  if total > 1000 then
    -- Past the bound, the planner's estimate for the filters and matches.
    execute 'explain (format json) select from app.files f where ' || app.search_where(me, app.search_text(q), fuzzy,
      app.search_filters(me, tag_ids, group_name, mime, modified_from, modified_to, size_min, size_max, folder_id,
        include_subfolders, trashed)) into plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
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

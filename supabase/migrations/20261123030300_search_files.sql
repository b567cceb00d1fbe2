/*
 * Search: one RPC, api.search_files, over the index of the previous migration.
 *
 * A query string matches a file when
 *   - its name contains the string (case-insensitive; 3+ letters or digits in a row),
 *   - or every word of the string starts a word of its name, tags,
 *     description or content (so "rep bud" finds "Report_budget.xlsx"),
 *   - or, when fewer than 10 files match those ways, its name nearly contains
 *     the string (trigram word similarity >= 0.4: "reprot" finds "report").
 * Results rank, best first: the whole name (or the name without extension)
 * equals the query, the name starts with it, a name word starts with each
 * query word, the name contains it, the text (tags, description, content)
 * matches, near-misses (by similarity); then most recently modified.
 *
 * The SQL of a search is built as text with every value quoted as a literal
 * (format %L) and run with EXECUTE: the planner sees the real values and
 * picks the index that fits this query's shape, and a pgTAP test EXPLAINs
 * exactly the text app.search_sql returns for each shape.
 */

/* Escapes LIKE's wildcards so a user's % and _ match themselves. */
create function app.like_escape(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select replace(replace(replace(value, '\', '\\'), '%', '\%'), '_', '\_')
$$;

/* The search string as matched: trimmed, lower-case, accents folded, at most 256 characters. */
create function app.search_text(q text)
returns text
language sql
stable
parallel safe
set search_path = ''
as $$
  select lower(app.fold(left(btrim(regexp_replace(coalesce(q, ''), '[[:cntrl:][:space:]]+', ' ', 'g')), 256)))
$$;

/* `w1:* & w2:*` for the query's words (optionally of one weight), or null without words. */
create function app.search_tsquery(q text, weights text default '')
returns tsquery
language sql
stable
parallel safe
set search_path = ''
as $$
  select to_tsquery('simple'::regconfig, string_agg(w || ':*' || weights, ' & '))
  from unnest(app.search_words(q)) w
  having count(*) > 0
$$;

/*
 * The filter conditions of a search over `app.files f`, as SQL text with
 * every value inlined as a literal: owner, trash, tags, type, dates, size, folder.
 */
create function app.search_filters(
  owner uuid,
  tag_ids uuid[],
  type_group text,
  mime_type text,
  modified_from timestamptz,
  modified_to timestamptz,
  size_min bigint,
  size_max bigint,
  folder_id uuid,
  include_subfolders boolean,
  trashed boolean
)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  filters text[] := array[format('f.owner_id = %L::uuid', owner)];
begin
  if trashed is not null then
    filters := filters || case when trashed then 'f.trashed_at is not null' else 'f.trashed_at is null' end;
  end if;
  if cardinality(tag_ids) > 0 then
    filters := filters || format('f.tag_ids @> %L::uuid[]', tag_ids);
  end if;
  if type_group is not null then
    filters := filters || format('f.type_group = %L', type_group);
  end if;
  if mime_type is not null then
    filters := filters || format('f.mime_type = %L', mime_type);
  end if;
  if modified_from is not null then
    filters := filters || format('f.updated_at >= %L::timestamptz', modified_from);
  end if;
  if modified_to is not null then
    filters := filters || format('f.updated_at < %L::timestamptz', modified_to);
  end if;
  if size_min is not null then
    filters := filters || format('f.size >= %L::bigint', size_min);
  end if;
  if size_max is not null then
    filters := filters || format('f.size <= %L::bigint', size_max);
  end if;
  if folder_id is not null and coalesce(include_subfolders, false) then
    filters := filters || format(
      'f.folder_id in (with recursive sub(id) as (select %L::uuid union all '
      'select c.id from app.folders c join sub on c.parent_id = sub.id where c.owner_id = %L::uuid) select id from sub)',
      folder_id, owner);
  elsif folder_id is not null then
    filters := filters || format('f.folder_id = %L::uuid', folder_id);
  end if;
  return filters;
end
$$;

/*
 * The SQL text of one search page: rows (total, id, bucket, score,
 * updated_at) for `page_size` files after `cursor`, best first. `total` is
 * exact for text queries; for filter-only queries it stops counting at 1001.
 * Every argument is inlined as a literal.
 */
create function app.search_sql(
  owner uuid,
  q text,
  fuzzy boolean,
  tag_ids uuid[],
  type_group text,
  mime_type text,
  modified_from timestamptz,
  modified_to timestamptz,
  size_min bigint,
  size_max bigint,
  folder_id uuid,
  include_subfolders boolean,
  trashed boolean,
  cursor jsonb,
  page_size integer
)
returns text
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  qn text := app.search_text(q);
  words_query tsquery := app.search_tsquery(qn);
  name_query tsquery := app.search_tsquery(qn, 'A');
  filters text[] := app.search_filters(owner, tag_ids, type_group, mime_type, modified_from, modified_to,
    size_min, size_max, folder_id, include_subfolders, trashed);
  matches text[] := '{}'::text[];
  buckets text := '';
  bucket text;
  score text := '0::real';
  keyset text := 'true';
begin
  -- Text matches, each served by a GIN index, and the rank bucket they earn.
  if qn <> '' then
    buckets := format('when lower(f.name) = %L or lower(f.name) like %L then 0 when lower(f.name) like %L then 1 ',
      qn, app.like_escape(qn) || '.%', app.like_escape(qn) || '%');
    if name_query is not null then
      buckets := buckets || format('when f.search_vector @@ %L::tsquery then 2 ', name_query);
    end if;
    if qn ~ '[[:alnum:]]{3}' then
      matches := matches || format('f.name ilike %L', '%' || app.like_escape(qn) || '%');
      buckets := buckets || format('when f.name ilike %L then 3 ', '%' || app.like_escape(qn) || '%');
    end if;
    if words_query is not null then
      matches := matches || format('f.search_vector @@ %L::tsquery', words_query);
      buckets := buckets || format('when f.search_vector @@ %L::tsquery then 4 ', words_query);
    end if;
    if fuzzy and char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}' then
      matches := matches || format('%L operator(extensions.<%%) f.name', qn);
      score := format('case when bucket = 5 then extensions.word_similarity(%L, name) else 0 end::real', qn);
    end if;
    if cardinality(matches) = 0 then
      -- Only punctuation: nothing can match it.
      matches := array['false'];
    end if;
    bucket := format('case %s else 5 end', buckets);
    filters := filters || ('(' || array_to_string(matches, ' or ') || ')');
    if cursor is not null then
      keyset := format(
        '(bucket > %1$L or (bucket = %1$L and (score < %2$L or (score = %2$L and '
        '(updated_at < %3$L or (updated_at = %3$L and id < %4$L))))))',
        (cursor ->> 0)::integer, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    end if;
    return format($sql$
      with m as materialized (
        select id, updated_at, bucket, %s as score
        from (select f.id, f.name, f.updated_at, %s as bucket from app.files f where %s) b
      )
      select t.total, p.id, p.bucket, p.score, p.updated_at
      from (select count(*) as total from m) t
      left join lateral (
        select * from m where %s order by bucket, score desc, updated_at desc, id desc limit %s
      ) p on true
    $sql$, score, bucket, array_to_string(filters, ' and '), keyset, page_size);
  end if;

  -- Filters only: most recently modified first, straight from an index.
  if cursor is not null then
    keyset := format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
  end if;
  return format($sql$
    select t.total, p.id, 0 as bucket, 0::real as score, p.updated_at
    from (select count(*) as total from (select from app.files f where %1$s limit 1001) c) t
    left join lateral (
      select f.id, f.updated_at from app.files f where %1$s and %2$s order by f.updated_at desc, f.id desc limit %3$s
    ) p on true
  $sql$, array_to_string(filters, ' and '), keyset, page_size);
end
$$;

/* The parts of a name to highlight for a query: [{start, length}], 0-based character offsets. */
create function app.search_highlight(name text, q text)
returns jsonb
language sql
stable
set search_path = ''
as $$
  with n as (select lower(app.fold(name)) as lname, app.search_text(q) as qn),
  whole as (
    select jsonb_build_array(jsonb_build_object('start', strpos(lname, qn) - 1, 'length', char_length(qn))) as h
    from n where qn <> '' and strpos(lname, qn) > 0
  ),
  words as (
    select jsonb_agg(jsonb_build_object('start', p - 1, 'length', char_length(w)) order by p) as h
    from n, unnest(app.search_words(qn)) w, lateral (select strpos(lname, w) as p) s
    where p > 0
  ),
  near as (
    select jsonb_build_array(jsonb_build_object('start', strpos(lname, w) - 1, 'length', char_length(w))) as h
    from n, unnest(string_to_array(app.name_words(lname), ' ')) w
    where w <> '' and strpos(lname, w) > 0 and qn <> ''
    order by extensions.similarity(w, qn) desc
    limit 1
  )
  select coalesce((select h from whole), (select h from words), (select h from near), '[]'::jsonb)
$$;

grant execute on function app.like_escape(text), app.search_text(text), app.search_tsquery(text, text),
  app.search_filters(uuid, uuid[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean),
  app.search_sql(uuid, text, boolean, uuid[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, jsonb, integer),
  app.search_highlight(text, text) to authenticated, service_role;

create function api.search_files(
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
stable
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
    query := app.search_sql(me, q, fuzzy, tag_ids, group_name, mime, modified_from, modified_to,
      size_min, size_max, folder_id, include_subfolders, trashed, cursor, page_size + 1);
    execute format('select max(total), jsonb_agg(to_jsonb(r) - ''total'') filter (where id is not null) from (%s) r', query)
      into total, rows;
  end if;
  rows := coalesce(rows, '[]');

  if jsonb_array_length(rows) > page_size then
    next_cursor := rtrim(translate(encode(convert_to(jsonb_build_array(
      rows -> (page_size - 1) -> 'bucket', rows -> (page_size - 1) -> 'score',
      rows -> (page_size - 1) -> 'updated_at', rows -> (page_size - 1) -> 'id', fuzzy)::text, 'UTF8'), 'base64'),
      E'+/\n', '-_'), '=');
    rows := rows - page_size;
  end if;

  if app.search_text(q) = '' and total > 1000 then
    -- Past the bound, the planner's estimate for the filters.
    execute 'explain (format json) select from app.files f where ' || array_to_string(app.search_filters(
      me, tag_ids, group_name, mime, modified_from, modified_to, size_min, size_max, folder_id, include_subfolders, trashed),
      ' and ') into plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
  end if;

  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', f.id, 'name', f.name, 'folder_id', f.folder_id, 'mime_type', f.mime_type, 'type_group', f.type_group,
        'size', f.size, 'description', f.description, 'created_at', f.created_at, 'updated_at', f.updated_at,
        'trashed_at', f.trashed_at, 'tags', app.file_tag_list(f.id),
        'rank', (r ->> 'bucket')::integer,
        'match', case when app.search_text(q) = '' then null
                 else (array['exact', 'prefix', 'word', 'substring', 'text', 'fuzzy'])[(r ->> 'bucket')::integer + 1] end,
        'score', (r ->> 'score')::real,
        'highlight', case when app.search_text(q) = '' then '[]'::jsonb else app.search_highlight(f.name, q) end
      ) order by n)
      from jsonb_array_elements(rows) with ordinality as e(r, n)
      join app.files f on f.id = (r ->> 'id')::uuid), '[]'),
    'total', case when estimate is not null then greatest(estimate, 1001) else total end,
    'total_is_exact', estimate is null and not (app.search_text(q) = '' and total > 1000),
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
Returns {items, total, total_is_exact, next_cursor}. Each item: id, name, folder_id, mime_type, type_group, size, description, created_at, updated_at, trashed_at, tags [{id, name}], rank (0 exact name, 1 name prefix, 2 name words, 3 name substring, 4 tags/description/content, 5 near-miss), match (the same as a word), score (near-miss similarity), highlight [{start, length}] (0-based character offsets in name). Ordered by rank, score, then most recently modified. total is exact for a text query; with filters only it is exact up to 1000, then an estimate (total_is_exact false). next_cursor is null on the last page.$$;
grant execute on function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) to authenticated;

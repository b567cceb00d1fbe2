/*
 * Fast search for a user with a big drive: per-owner index keys, one query
 * per rank bucket, bounded totals.
 *
 * Measured on 1,000,000 files (bench/search, one user owning 200,000): GIN
 * indexes keyed by trigram or word alone return every user's matches, and
 * GINs that lead with owner_id (btree_gin) intersect each key with the
 * owner's 200,000-entry posting list (28 ms for one prefix). So each file
 * also carries its search keys prefixed with a short code of its owner:
 *
 *   search_trigrams  owner code + each trigram of the alphanumeric runs of
 *                    the lower-cased name (and of its accent-folded form):
 *                    `name ILIKE '%bud%'` is checked only on the files whose
 *                    keys contain code||'bud', one small posting list
 *   search_words     owner code + 'n' + each name word, and owner code + 't'
 *                    + every word (name, tags, description, content): the
 *                    prefix queries of search_files, per owner
 *
 * Codes may collide (8 hex digits of md5): a collision only costs time, the
 * owner_id predicate stays in every query. Near-misses use a trigram GIN led
 * by the same code as an expression, so no other query shape can pick it for
 * its owner_id predicate.
 *
 * search_files then asks one query per rank bucket, each ordered by date
 * with a LIMIT (the planner walks the date index when matches are dense, the
 * GIN when they are rare), and counts at most 1001 matches, estimating
 * beyond. It runs as security definer with owner_id = the caller in every
 * predicate, because RLS on app.files ORs an admin arm into every scan.
 */

/* The short code of an owner that prefixes its search keys. */
create function app.search_owner_code(owner uuid)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select left(md5(owner::text), 8)
$$;

/* The owner's trigram keys of a name: every 3 characters in a row of its lower-case alphanumeric runs. */
create function app.search_name_trigrams(owner uuid, name text)
returns text[]
language sql
stable
parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3)), '{}')
  from unnest(array[lower(coalesce(name, '')), lower(app.fold(name))]) s,
       regexp_matches(s, '[[:alnum:]]{3,}', 'g') r,
       generate_series(1, char_length(r[1]) - 2) i
$$;

/* The owner's trigram keys a name must hold to contain the (normalised) query, or null when there are none. */
create function app.search_query_trigrams(owner uuid, qn text)
returns text[]
language sql
stable
parallel safe
set search_path = ''
as $$
  select array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3))
  from regexp_matches(left(qn, 256), '[[:alnum:]]{3,}', 'g') r, generate_series(1, char_length(r[1]) - 2) i
$$;

/* The owner's word keys of a file from its search vector: 'n' for name words (weight A), 't' for all. */
create function app.search_word_keys(owner uuid, search_vector tsvector)
returns tsvector
language sql
stable
parallel safe
set search_path = ''
as $$
  select coalesce(array_to_tsvector(array_agg(distinct k)), ''::tsvector)
  from (
    select app.search_owner_code(owner) || 't' || u.lexeme as k from unnest(search_vector) u
    union all
    select app.search_owner_code(owner) || 'n' || u.lexeme from unnest(search_vector) u where 'A' = any(u.weights)
  ) keys
$$;

/* `code+kind+w1:* & ...` for the query's words, or null without words. */
create function app.search_owner_tsquery(owner uuid, qn text, kind text)
returns tsquery
language sql
stable
parallel safe
set search_path = ''
as $$
  select string_agg(quote_literal(app.search_owner_code(owner) || kind || w) || ':*', ' & ')::tsquery
  from unnest(app.search_words(qn)) w
  having count(*) > 0
$$;

grant execute on function app.search_owner_code(uuid), app.search_name_trigrams(uuid, text),
  app.search_query_trigrams(uuid, text), app.search_word_keys(uuid, tsvector),
  app.search_owner_tsquery(uuid, text, text) to authenticated, service_role;

alter table app.files
  add column search_trigrams text[] not null default '{}',
  add column search_words tsvector not null default ''::tsvector;
comment on column app.files.search_trigrams is 'Search: the owner''s trigram keys of the name, kept by trigger.';
comment on column app.files.search_words is 'Search: the owner''s word keys (name words and all words), kept by trigger.';

/* Keeps the owner keys current; named to fire after files_tsvector, which sets search_vector. */
create function app.files_search_keys()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.search_trigrams := app.search_name_trigrams(new.owner_id, new.name);
  new.search_words := app.search_word_keys(new.owner_id, new.search_vector);
  return new;
end
$$;

create trigger files_tsvector_keys
  before insert or update of name, search_vector, owner_id on app.files
  for each row execute function app.files_search_keys();

-- Backfill without touching updated_at.
alter table app.files disable trigger files_touch;
update app.files
set search_trigrams = app.search_name_trigrams(owner_id, name),
    search_words = app.search_word_keys(owner_id, search_vector);
alter table app.files enable trigger files_touch;

create index files_search_trigrams on app.files using gin (search_trigrams);
create index files_search_words on app.files using gin (search_words);
drop index app.files_search_name_trgm;
create index files_search_name_trgm on app.files using gin ((app.search_owner_code(owner_id)), name extensions.gin_trgm_ops);
drop index app.files_search_vector;
-- Prefix and exact name buckets, and the plain date order with trash.
create index files_search_lower_name on app.files (owner_id, lower(name) text_pattern_ops);

/* The match arms of a query as one SQL condition: name substring, words, near-misses ('false' when none apply). */
create function app.search_matches(owner uuid, qn text, fuzzy boolean)
returns text
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  matches text[] := '{}';
  words_query tsquery := app.search_owner_tsquery(owner, qn, 't');
begin
  if qn ~ '[[:alnum:]]{3}' then
    matches := matches || format('(f.search_trigrams @> %L::text[] and f.name ilike %L)',
      app.search_query_trigrams(owner, qn), '%' || app.like_escape(qn) || '%');
  end if;
  if words_query is not null then
    matches := matches || format('f.search_words @@ %L::tsquery', words_query);
  end if;
  if fuzzy and char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}' then
    matches := matches || format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)',
      app.search_owner_code(owner), qn);
  end if;
  if cardinality(matches) = 0 then
    -- Only punctuation: nothing can match it.
    return 'false';
  end if;
  return '(' || array_to_string(matches, ' or ') || ')';
end
$$;

/* The WHERE text of a search: filters and, for a query, its matches. Shared by the count and the estimate. */
create function app.search_where(owner uuid, qn text, fuzzy boolean, filters text[])
returns text
language sql
stable
set search_path = ''
as $$
  select array_to_string(filters, ' and ') || case when qn = '' then '' else ' and ' || app.search_matches(owner, qn, fuzzy) end
$$;
grant execute on function app.search_matches(uuid, text, boolean) to authenticated, service_role;
grant execute on function app.search_where(uuid, text, boolean, text[]) to authenticated, service_role;

/*
 * The SQL text of one search page (same signature and rows as before:
 * total, id, bucket, score, updated_at). With a query: one sub-query per
 * rank bucket, each excluding the earlier buckets, ordered by date with a
 * LIMIT; `total` counts at most 1001 matches.
 */
create or replace function app.search_sql(
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
  trigrams text[] := app.search_query_trigrams(owner, qn);
  words_query tsquery := app.search_owner_tsquery(owner, qn, 't');
  name_query tsquery := app.search_owner_tsquery(owner, qn, 'n');
  filters text[] := app.search_filters(owner, tag_ids, type_group, mime_type, modified_from, modified_to,
    size_min, size_max, folder_id, include_subfolders, trashed);
  conds text[] := '{}';
  parts text[] := '{}';
  earlier text := 'false';
  matches text := app.search_matches(owner, qn, fuzzy);
  from_bucket integer := coalesce((cursor ->> 0)::integer, 0);
  keyset text := 'true';
  b integer;
begin
  if qn = '' then
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
  end if;

  -- The condition of each bucket, in rank order (null: the bucket cannot match).
  -- Buckets 0 and 1 rank matches; they also carry the match arms, which
  -- every other bucket condition implies.
  conds := array[
    format('(lower(f.name) = %L or lower(f.name) like %L) and %s', qn, app.like_escape(qn) || '.%', matches),
    format('lower(f.name) like %L and %s', app.like_escape(qn) || '%', matches),
    case when name_query is not null then format('f.search_words @@ %L::tsquery', name_query) end,
    case when qn ~ '[[:alnum:]]{3}' then format('(f.search_trigrams @> %L::text[] and f.name ilike %L)',
      trigrams, '%' || app.like_escape(qn) || '%') end,
    case when words_query is not null then format('f.search_words @@ %L::tsquery', words_query) end,
    case when fuzzy and char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}' then
      format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)', app.search_owner_code(owner), qn) end
  ];
  for b in 0 .. 5 loop
    continue when conds[b + 1] is null;
    if b >= from_bucket then
      keyset := 'true';
      if cursor is not null and b = from_bucket and b = 5 then
        keyset := format('(extensions.word_similarity(%1$L, f.name) < %2$L or (extensions.word_similarity(%1$L, f.name) = %2$L '
          'and (f.updated_at, f.id) < (%3$L::timestamptz, %4$L::uuid)))',
          qn, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
      elsif cursor is not null and b = from_bucket then
        keyset := format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
      end if;
      parts := parts || format(
        '(select f.id, f.updated_at, %1$s as bucket, %2$s as score from app.files f where %3$s and %4$s and not (%5$s) and %6$s '
        'order by %7$s f.updated_at desc, f.id desc limit %8$s)',
        b,
        case when b = 5 then format('extensions.word_similarity(%L, f.name)::real', qn) else '0::real' end,
        array_to_string(filters, ' and '), conds[b + 1], earlier, keyset,
        case when b = 5 then format('extensions.word_similarity(%L, f.name) desc,', qn) else '' end,
        page_size);
    end if;
    earlier := earlier || ' or ' || conds[b + 1];
  end loop;

  return format($sql$
    select t.total, p.id, p.bucket, p.score, p.updated_at
    from (select count(*) as total from (select from app.files f where %1$s limit 1001) c) t
    left join lateral (
      select * from (%2$s) u order by bucket, score desc, updated_at desc, id desc limit %3$s
    ) p on true
  $sql$, app.search_where(owner, qn, fuzzy, filters), array_to_string(parts, ' union all '), page_size);
end
$$;

/*
 * search_files as security definer: every query it builds carries
 * owner_id = the caller (app.require_user_id()), and the items it returns
 * come from those queries, so it only ever returns the caller's files. Totals
 * are exact up to 1000 for text queries too, then the planner's estimate.
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

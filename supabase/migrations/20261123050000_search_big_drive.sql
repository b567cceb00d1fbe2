/*
 * search_files on a big drive: one pass over the matches while they are
 * few, walks of a covering index while they are many.
 *
 * Measured on 1,000,000 files (bench/search, one user owning 200,000), the
 * previous search_files spent its time in four places:
 *   - every GIN scan on the owner's keys (trigrams, words, tags) was ANDed
 *     with a bitmap of the owner's whole 200,000-entry btree range (15 to
 *     25 ms each time): the planner cannot know that an owner-coded key, or
 *     a tag id, already selects only that owner's files;
 *   - each rank bucket sorted all of its matches by date, reading every one
 *     from the table (a 3-letter substring matches 1,000 to 15,000 files);
 *   - buckets were asked even when earlier ones had filled the page;
 *   - building the SQL re-ran the same small SQL functions (query words,
 *     trigram keys) dozens of times, each re-planned on every call.
 *
 * Now:
 *   1. app.search_terms works out the query's keys once per call.
 *   2. One query (app.search_collect_sql) collects the first 1001 matches
 *      through the GIN indexes, with the owner test checked on each row
 *      instead of ANDed as a bitmap, and gives each its rank bucket. Up to
 *      1000 matches that is the exact total and the page, sorted in memory.
 *   3. Past 1000 matches, the page is asked bucket by bucket in rank order
 *      (app.search_bucket_rows), stopping when it is full. A name substring
 *      walks files_search_owner_recent, the owner's files newest first with
 *      the name and every filtered column, without reading the table: with
 *      many matches the page is full after a few thousand index entries. The
 *      walk gives up after a bounded number of entries and asks the trigram
 *      keys for the older rest.
 * Matches, totals, ranking, the cursor and every filter are unchanged.
 *
 * files_search_owner_recent replaces files_owner_updated (same leading
 * columns: the drive's listings keep their order from it).
 */

create index files_search_owner_recent on app.files (owner_id, updated_at desc, id desc)
  include (trashed_at, type_group, mime_type, size, folder_id, tag_ids, name);
drop index app.files_owner_updated;

/* What a search needs to know about its query, worked out once per call (SQL functions are re-planned per call). */
create type app.search_terms as (
  qn text,          -- the query as matched (app.search_text)
  esc text,         -- qn with LIKE's wildcards escaped
  code text,        -- the owner's key code (app.search_owner_code)
  trigrams text[],  -- the owner trigram keys a name containing qn holds; null without 3 letters or digits in a row
  words tsquery,    -- every query word as a prefix of an owner 't' word key; null without words
  names tsquery,    -- the same over the owner's 'n' (name word) keys
  qwords text[],    -- the query's words (app.search_words)
  near boolean      -- near-misses of the name can be asked: 3 to 64 characters, 3 letters or digits in a row
);

create function app.search_terms(owner uuid, q text)
returns app.search_terms
language sql
stable
set search_path = ''
as $$
  select row(qn, app.like_escape(qn), app.search_owner_code(owner), app.search_query_trigrams(owner, qn),
    app.search_owner_tsquery(owner, qn, 't'), app.search_owner_tsquery(owner, qn, 'n'), app.search_words(qn),
    char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}')::app.search_terms
  from app.search_text(q) qn
$$;

/*
 * The condition of each rank bucket 0..5 over app.files f (null: the
 * bucket cannot match): exact name, name prefix, name words, name
 * substring, other words (tags, description, content), near-miss.
 * With 3 letters or digits in a row, buckets 0 and 1 are tested on the name
 * alone: such a name contains the query, so it matches its substring arm.
 */
create function app.search_bucket_conds(t app.search_terms, fuzzy boolean)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  sub text := case when t.trigrams is not null then
    format('(f.search_trigrams @> %L::text[] and (f.name || '''') ilike %L)', t.trigrams, '%' || t.esc || '%') end;
  word text := case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end;
  near text := case when fuzzy and t.near then
    format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)', t.code, t.qn) end;
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
 * The owner test of a query that reaches rows through the owner's own keys
 * (owner-coded trigrams and words, tag ids): written so the planner checks
 * it on each row instead of ANDing a bitmap of all the owner's files into
 * the GIN scans (same rows: owner_id is never null). With a type filter it
 * stays indexable: files_search_type_updated (owner, type, date) then narrows
 * the GIN matches to a small range at little cost.
 */
create function app.search_owner_test(owner uuid, filters text[], keyed boolean)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select format(case when keyed and not exists (select from unnest(filters) x where x like 'f.type_group = %')
                     then '(f.owner_id = %L::uuid) is true' else 'f.owner_id = %L::uuid' end, owner)
$$;

/* The keyset of a cursor [bucket, score, updated_at, id, fuzzy] over rows (bucket, score, updated_at, id). */
create function app.search_after(cursor jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when cursor is null then 'true' else format(
    '(bucket > %1$L or (bucket = %1$L and (score < %2$L or (score = %2$L and '
    '(updated_at < %3$L or (updated_at = %3$L and id < %4$L))))))',
    (cursor ->> 0)::integer, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid) end
$$;

/*
 * Phase 1: the SQL of one query returning (total, rows): how many files
 * match, counting up to 1001, and the first `page_size` of them after
 * `cursor`, best first, as [{id, updated_at, bucket, score}]. The rows are
 * the page only when total <= 1000. `filters` comes from app.search_filters.
 */
create function app.search_collect_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], cursor jsonb,
  page_size integer)
returns text
language plpgsql
immutable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  rest text := coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), '');
  arms text[];
begin
  if t.qn = '' then
    -- Filters only; tag ids are the owner's own keys.
    return format($sql$
      with m as materialized (
        select f.id, f.updated_at, 0 as bucket, 0::real as score from app.files f where %1$s%2$s limit 1001)
      select (select count(*) from m) as total,
        (select coalesce(jsonb_agg(to_jsonb(p) order by p.updated_at desc, p.id desc), '[]')
         from (select * from m where %3$s order by updated_at desc, id desc limit %4$s) p) as rows
    $sql$, app.search_owner_test(owner, filters, rest like '%f.tag_ids @>%'), rest, app.search_after(cursor), page_size);
  end if;
  -- The GIN conditions select the rows; each arm is then tested once per row.
  arms := array_remove(array[
    case when t.trigrams is not null then format('f.search_trigrams @> %L::text[]', t.trigrams) end,
    case when t.words is not null then format('f.search_words @@ %L::tsquery', t.words) end,
    case when fuzzy and t.near then
      format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)', t.code, t.qn) end], null);
  if cardinality(arms) = 0 then
    -- Only punctuation: nothing can match it.
    arms := array['false'];
  end if;
  return format($sql$
    with m as materialized (
      select id, updated_at,
             case when (lower(name) = %1$L or lower(name) like %2$L) and hit then 0
                  when lower(name) like %3$L and hit then 1
                  when named then 2 when sub then 3 when word then 4 else 5 end as bucket,
             coalesce(sim, 0)::real as score
      from (select f.*, sub or word or coalesce(sim >= current_setting('pg_trgm.word_similarity_threshold')::real, false) as hit
            from (select f.*, case when %4$L and not (sub or word) then extensions.word_similarity(%5$L, f.name) end as sim
                  from (select f.id, f.updated_at, f.name,
                               coalesce(%6$s, false) as sub,
                               coalesce(%7$s, false) as word,
                               coalesce(%8$s, false) as named
                        from app.files f where %9$s%10$s and (%11$s) offset 0) f offset 0) f) f
      where hit limit 1001)
    select (select count(*) from m) as total,
      (select coalesce(jsonb_agg(to_jsonb(p) order by p.bucket, p.score desc, p.updated_at desc, p.id desc), '[]')
       from (select * from m where %12$s order by bucket, score desc, updated_at desc, id desc limit %13$s) p) as rows
  $sql$,
    t.qn, t.esc || '.%', t.esc || '%', fuzzy and t.near, t.qn,
    coalesce(format('f.search_trigrams @> %L::text[] and (f.name || '''') ilike %L', t.trigrams, '%' || t.esc || '%'), 'null'),
    coalesce(format('f.search_words @@ %L::tsquery', t.words), 'null'),
    coalesce(format('f.search_words @@ %L::tsquery', t.names), 'null'),
    app.search_owner_test(owner, filters, true), rest, array_to_string(arms, ' or '),
    app.search_after(cursor), page_size);
end
$$;

/*
 * Phase 2: the SQL of the next `page_size` files of one rank bucket (for
 * qn = '', of the filters alone), newest first (bucket 5: most similar
 * first), after `cursor` when it points into this bucket, as one jsonb array
 * of {id, updated_at, bucket, score}.
 *   walk_rows > 0 (buckets 2 and 3 with 3 letters or digits in a row, and
 *     bucket 4): reads at most walk_rows of the owner's newest files from
 *     files_search_owner_recent, in date order, index-only for buckets 2
 *     and 3.
 *   otherwise: through the indexes, the owner test keyed where the GIN
 *     indexes of the owner's keys select the rows (buckets 2 to 5).
 */
create function app.search_bucket_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer,
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
begin
  if cursor is not null and (cursor ->> 0)::integer = bucket then
    if bucket = 5 then
      keyset := format('(extensions.word_similarity(%1$L, f.name) < %2$L or (extensions.word_similarity(%1$L, f.name) = %2$L '
        'and (f.updated_at, f.id) < (%3$L::timestamptz, %4$L::uuid)))',
        t.qn, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    else
      keyset := format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    end if;
  end if;

  if t.qn = '' then
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', 0, 'score', 0)
        order by f.updated_at desc, f.id desc), '[]')
      from (select f.id, f.updated_at from app.files f where %1$s%2$s and %3$s
            order by f.updated_at desc, f.id desc limit %4$s) f
    $sql$, app.search_owner_test(owner, filters, false), rest, keyset, page_size);
  end if;

  if walk_rows > 0 and bucket = 4 then
    -- Other words: the walk reads each file's word keys from the table.
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 4, 'score', 0)
        order by p.updated_at desc, p.id desc), '[]')
      from (select f.id, f.updated_at
            from (select f.* from app.files f where %4$s and %5$s order by f.updated_at desc, f.id desc limit %6$s) f
            where %1$s%2$s and not (%3$s) order by f.updated_at desc, f.id desc limit %7$s) p
    $sql$, conds[5], rest, array_to_string(array_remove(conds[1:4], null), ' or '),
      app.search_owner_test(owner, filters, false), keyset, walk_rows, page_size);
  end if;

  if walk_rows > 0 then
    -- Buckets 2 and 3 from the index alone, cheapest test first. Bucket 3:
    -- the name contains the query (the same files as its trigram keys and
    -- ILIKE). Bucket 2: every query word is in the lower-case name, or the
    -- name has a non-ASCII character (folding maps those to other letters):
    -- every name whose words start with the query words passes, and the
    -- file's name-word keys decide. Keys are read by primary key, last, for
    -- the few rows the name tests leave.
    lookup := format('coalesce((select n.search_words @@ %L::tsquery from app.files n where n.id = f.id), false)', t.names);
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', %6$s, 'score', 0)
        order by p.updated_at desc, p.id desc), '[]')
      from (select f.id, f.updated_at
            from (select f.id, f.updated_at, f.name, f.trashed_at, f.type_group, f.mime_type, f.size, f.folder_id, f.tag_ids
                  from app.files f where %2$s and %3$s order by f.updated_at desc, f.id desc limit %4$s) f
            where %1$s order by f.updated_at desc, f.id desc limit %5$s) p
    $sql$,
      case when bucket = 3 then
        format('strpos(lower(f.name), %L) > 0%s and not (%s or %s%s)', t.qn, rest, conds[1], conds[2],
          case when t.names is not null then ' or ' || lookup else '' end)
      else
        format('(%s or octet_length(f.name) <> char_length(f.name))%s and not (%s or %s) and %s',
          (select string_agg(format('strpos(lower(f.name), %L) > 0', w), ' and ') from unnest(t.qwords) w),
          rest, conds[1], conds[2], lookup)
      end,
      app.search_owner_test(owner, filters, false), keyset, walk_rows, page_size, bucket);
  end if;

  for b in 0 .. bucket - 1 loop
    if conds[b + 1] is not null then
      earlier := earlier || ' or ' || conds[b + 1];
    end if;
  end loop;
  return format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', %1$s, 'score', f.score)
      order by f.score desc, f.updated_at desc, f.id desc), '[]')
    from (select f.id, f.updated_at, %2$s as score from app.files f where %3$s%4$s and %5$s and not (%6$s) and %7$s
          order by 3 desc, f.updated_at desc, f.id desc limit %8$s) f
  $sql$, bucket,
    case when bucket = 5 then format('extensions.word_similarity(%L, f.name)::real', t.qn) else '0::real' end,
    app.search_owner_test(owner, filters, bucket >= 2), rest, conds[bucket + 1], earlier, keyset, page_size);
end
$$;

/*
 * The next `page_size` files of one bucket after `cursor` (when it points
 * into it), walking (see app.search_bucket_sql) or through the GIN indexes.
 * A walk that reads its bound of files without filling the page leaves the
 * older files to the GIN indexes.
 */
create function app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer,
  walk_rows integer, cursor jsonb, page_size integer)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_variable
declare
  rows jsonb;
  edge jsonb;
  older jsonb;
begin
  if walk_rows > 0 then
    execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, walk_rows, cursor, page_size) into rows;
    if jsonb_array_length(rows) < page_size then
      -- The last file the walk read (none: it read all of the owner's files).
      execute format('select to_jsonb(e) from (select f.updated_at, f.id from app.files f where f.owner_id = %L::uuid and %s '
        'order by f.updated_at desc, f.id desc offset %s limit 1) e', owner,
        case when cursor is not null and (cursor ->> 0)::integer = bucket then
          format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid)
        else 'true' end, walk_rows - 1) into edge;
    end if;
    if edge is not null then
      execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0,
        jsonb_build_array(bucket, 0, edge -> 'updated_at', edge -> 'id', fuzzy), page_size - jsonb_array_length(rows))
        into older;
      rows := rows || older;
    end if;
    return rows;
  end if;
  execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0, cursor, page_size) into rows;
  return rows;
end
$$;

/*
 * The SQL of the near-misses of the name (bucket 5) that are not among
 * `exact` (the first page's exact matches, all of them): (count, rows), the
 * rows being the `page_size` most similar, as {id, updated_at, bucket,
 * score}. Each candidate's similarity is computed once.
 */
create function app.search_near_sql(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select format($sql$
    select count(*), coalesce(jsonb_agg(jsonb_build_object('id', id, 'updated_at', updated_at, 'bucket', 5, 'score', score)
      order by n) filter (where n <= %1$s), '[]')
    from (select f.*, row_number() over (order by f.score desc, f.updated_at desc, f.id desc) as n
          from (select f.id, f.updated_at, extensions.word_similarity(%2$L, f.name)::real as score
                from app.files f where %3$s%4$s and %5$s and f.id <> all(%6$L::uuid[]) offset 0) f) r
  $sql$, page_size, t.qn, app.search_owner_test(owner, filters, true),
    coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), ''),
    (app.search_bucket_conds(t, true))[6], exact)
$$;

/*
 * The owner's key code, now inlined into the queries that use it (an SQL
 * function with SET options is not): the near-miss index re-checks it on
 * every candidate row. Same value; every name is qualified.
 */
create or replace function app.search_owner_code(owner uuid)
returns text
language sql
immutable
parallel safe
as $$
  select pg_catalog.left(pg_catalog.md5(owner::pg_catalog.text), 8)
$$;

/*
 * The WHERE text of the planner's estimate of a search's matches (its
 * total past 1000). Owner-coded keys and tag ids already select the owner's
 * files: the owner test is left out then, or the planner would count the
 * owner's share of the table a second time (5 times too few for a user with
 * a fifth of it).
 */
create function app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[])
returns text
language sql
immutable
set search_path = ''
as $$
  select case when t.qn <> '' then
           coalesce(nullif(array_to_string(filters[2:], ' and '), '') || ' and ', '') || (app.search_bucket_conds(t, fuzzy))[7]
         when exists (select from unnest(filters) x where x like 'f.tag_ids @>%') then array_to_string(filters[2:], ' and ')
         else array_to_string(filters, ' and ') end
$$;

/* The planner's estimate of the files of app.files f matching `condition`. */
create function app.search_estimate(condition text)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  plan json;
begin
  execute 'explain (format json) select from app.files f where ' || condition into plan;
  return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
end
$$;

drop function app.search_sql(uuid, text, boolean, uuid[], text, text, timestamptz, timestamptz, bigint, bigint, uuid,
  boolean, boolean, jsonb, integer);
drop function app.search_where(uuid, text, boolean, text[]);
drop function app.search_matches(uuid, text, boolean);

grant execute on function app.search_terms(uuid, text), app.search_bucket_conds(app.search_terms, boolean),
  app.search_owner_test(uuid, text[], boolean), app.search_after(jsonb),
  app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer),
  app.search_bucket_sql(uuid, app.search_terms, boolean, text[], integer, integer, jsonb, integer),
  app.search_bucket_rows(uuid, app.search_terms, boolean, text[], integer, integer, jsonb, integer),
  app.search_estimate_where(app.search_terms, boolean, text[]), app.search_estimate(text),
  app.search_near_sql(uuid, app.search_terms, text[], uuid[], integer) to authenticated, service_role;

/* The highlights of many names for one query (as before; a name's words are split only when neither the query nor its words are found). */
create or replace function app.search_highlights(names text[], q text)
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
    from unnest(case when whole.h is null then n.qwords end) w, lateral (select strpos(l.lname, w) as p) s
    where p > 0
  ) words on true
  left join lateral (
    -- Else the name word most like the query.
    select jsonb_build_array(jsonb_build_object('start', strpos(l.lname, w) - 1, 'length', char_length(w))) as h
    from unnest(case when whole.h is null and words.h is null and n.qn <> '' then
                  string_to_array(app.name_words(l.lname), ' ') end) w
    where w <> '' and strpos(l.lname, w) > 0
    order by extensions.similarity(w, n.qn) desc
    limit 1
  ) near on true
$$;

/*
 * search_files: the query's terms once, phase 1 (app.search_collect_sql),
 * then, past 1000 matches, phase 2 bucket by bucket (app.search_bucket_rows).
 * Same arguments, results, ranking, totals and cursor as before.
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
  highlights jsonb;
  filters text[];
  terms app.search_terms := app.search_terms(me, q);
  conds text[];
  near_total bigint;
  near_rows jsonb;
  paged boolean := false;
  keys text[];
  walk_rows integer;
  owner_files bigint;
  matching bigint;
  need real;
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

  qn := terms.qn;
  filters := app.search_filters(me, tag_ids, group_name, mime, modified_from, modified_to, size_min, size_max,
    folder_id, include_subfolders, trashed);
  execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1) into total, rows;

  -- Too few exact hits on the first page: search again, tolerating typos.
  if cursor is null and total < 10 and terms.near then
    fuzzy := true;
    if total > jsonb_array_length(rows) then
      -- The page did not hold every exact match: the whole search again.
      execute app.search_collect_sql(me, terms, fuzzy, filters, cursor, page_size + 1) into total, rows;
    else
      -- Every exact match is on the page: near-misses of the name (bucket 5) fill the rest.
      execute app.search_near_sql(me, terms, filters,
        (select coalesce(array_agg((e ->> 'id')::uuid), '{}') from jsonb_array_elements(rows) e),
        page_size + 1 - jsonb_array_length(rows)) into near_total, near_rows;
      total := total + near_total;
      rows := rows || near_rows;
      paged := true;
    end if;
  end if;

  if total > 1000 then
    -- Past the bound, the planner's estimate for the filters and matches.
    estimate := app.search_estimate(app.search_estimate_where(terms, fuzzy, filters));
  end if;

  if total > 1000 and not paged then
    -- Many matches: the page bucket by bucket, in rank order, until it is full.
    if qn = '' then
      execute app.search_bucket_sql(me, terms, fuzzy, filters, 0, 0, cursor, page_size + 1) into rows;
    else
      rows := '[]';
      conds := app.search_bucket_conds(terms, fuzzy);
      keys := array[null,
        case when terms.names is not null then format('f.search_words @@ %L::tsquery', terms.names) end,
        case when terms.trigrams is not null then format('f.search_trigrams @> %L::text[]', terms.trigrams) end,
        case when terms.words is not null then format('f.search_words @@ %L::tsquery', terms.words) end];
      for b in coalesce((cursor ->> 0)::integer, 0) .. 5 loop
        exit when jsonb_array_length(rows) > page_size;
        continue when conds[b + 1] is null;
        -- Buckets 2 to 4 walk the owner's files newest first when, by the
        -- planner's estimates, the page fills sooner that way than by
        -- reading every match through the GIN index (measured: about 1 us
        -- per file walked index-only, 4 us reading the table, 4.3 us per
        -- match through a GIN index).
        walk_rows := 0;
        if not fuzzy and b between 2 and 4 and (b = 4 or terms.trigrams is not null) and keys[b] is not null then
          owner_files := coalesce(owner_files, app.search_estimate(array_to_string(filters, ' and ')));
          matching := greatest(app.search_estimate(
            coalesce(nullif(array_to_string(filters[2:], ' and '), '') || ' and ', '') || keys[b]), 1);
          need := (page_size + 1 - jsonb_array_length(rows))::real * owner_files / matching;
          if need * (case when b = 4 then 4 else 1 end) < matching * 4.3 then
            walk_rows := least(greatest(3 * need, 2000), 100000)::integer;
          end if;
        end if;
        rows := rows || app.search_bucket_rows(me, terms, fuzzy, filters, b, walk_rows, cursor,
          page_size + 1 - jsonb_array_length(rows));
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

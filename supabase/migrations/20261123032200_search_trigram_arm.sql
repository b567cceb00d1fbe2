/*
 * The name-substring arm of a search checks `name ILIKE` through
 * `(f.name || '')`, so the planner reaches it only through the owner's
 * trigram keys (files_search_trigrams) and no longer through the near-miss
 * index's name column, which holds every user's names: on 50,000 files
 * `name ILIKE '%bud%'` read 408 index entries and heap rows of all users
 * where the owner's keys hold 72. Same matches as before.
 */

create or replace function app.search_matches(owner uuid, qn text, fuzzy boolean)
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
    matches := matches || format('(f.search_trigrams @> %L::text[] and (f.name || '''') ilike %L)',
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
    case when qn ~ '[[:alnum:]]{3}' then format('(f.search_trigrams @> %L::text[] and (f.name || '''') ilike %L)',
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

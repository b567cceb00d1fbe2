-- admin_logs' free text `q` on a rare multi-word phrase, fast: a word index
-- on the log's meta, driven from the phrase's rarest word.
--
-- Why: q is `meta::text ilike '%phrase%'`, served by a trigram index. For a
-- phrase such as `budget 12345.pdf` Postgres reads the posting list of every
-- trigram in it, and `pdf`, `bud` or ` 12` occur in millions of rows: 100-130
-- ms over 5,000,000 rows however few rows match (EXPLAIN ANALYZE: all of it
-- in the Bitmap Index Scan on activity_log_meta_trgm, 3,300 buffers, 0 rows).
-- The word `12345` alone occurs in 23 rows.
--
-- How: `app.meta_words(meta)` is the set of maximal runs of letters and
-- digits of lower(meta::text) (each cut to 64 characters), GIN-indexed. A
-- token of the phrase that has a separator on both sides in q is a whole word
-- of every matching row; the last token with a separator before it is the
-- start of one (a prefix, used from 4 characters). Of those, the rarest by
-- the index's own statistics (pg_stats' most common elements; a word not
-- among them occurs in fewer than about 0.05% of rows) drives the scan when
-- it is rare, and the whole phrase is rechecked with the same ilike as
-- before, so what q matches is unchanged. A single token, or a phrase of
-- common words only, keeps the old plan (a common phrase's first page is
-- found quickly along the time index). A meta too long to split (over
-- 100,000 characters) indexes as the marker `~`, which every word query
-- also accepts.

/* The words of a log row's meta, for the words index: lower-cased runs of letters and digits, each cut to 64 characters. */
create or replace function app.meta_words(meta jsonb)
returns tsvector
language plpgsql
immutable
strict
parallel safe
cost 1000
set search_path = ''
as $$
declare
  t text := lower(meta::text);
begin
  if length(t) > 100000 then
    return '~'::tsvector;
  end if;
  return array_to_tsvector(array(
    select left(w, 64) from regexp_split_to_table(t, '[^[:alnum:]]+') w where w <> ''
  ));
end
$$;

comment on function app.meta_words(jsonb) is 'The words of an activity row''s meta (lower-cased runs of letters and digits), for the words index.';
-- Whoever inserts a log row computes its index entry.
grant execute on function app.meta_words(jsonb) to authenticated, service_role;

create index activity_log_meta_words on app.activity_log using gin (app.meta_words(meta));

/*
 * The tsquery of q's rarest usable word (`'12345' | '~'`, or `'1234':* | '~'`
 * for a prefix), or null when q has none rare enough to drive the scan.
 */
create or replace function private.activity_log_rare_word(q text)
returns tsquery
language plpgsql
stable
set search_path = ''
as $$
declare
  t text := lower(btrim(q));
  tokens text[] := array_remove(regexp_split_to_array(t, '[^[:alnum:]]+'), '');
  n integer := cardinality(tokens);
  opens_bounded boolean := t ~ '^[^[:alnum:]]';
  closes_bounded boolean := t ~ '[^[:alnum:]]$';
  common text[];
  freqs real[];
  word text;
  whole boolean;
  freq float8;
  best text;
  best_whole boolean;
  best_freq float8;
begin
  select s.most_common_elems::text::text[], s.most_common_elem_freqs into common, freqs
  from pg_catalog.pg_stats s
  where s.schemaname = 'app' and s.tablename = 'activity_log_meta_words'
  limit 1;
  for i in 1 .. coalesce(n, 0) loop
    continue when i = 1 and not opens_bounded;
    whole := i < n or closes_bounded;
    word := left(tokens[i], 64);
    continue when not whole and length(word) < 4;
    freq := coalesce((
      select sum(freqs[k]) from generate_subscripts(common, 1) k
      where case when whole then common[k] = word else starts_with(common[k], word) end
    ), 0);
    if best is null or freq < best_freq or (freq = best_freq and (whole and not best_whole
        or whole = best_whole and length(word) > length(best))) then
      best := word;
      best_whole := whole;
      best_freq := freq;
    end if;
  end loop;
  if best is null or best_freq >= 0.0005 then
    return null;
  end if;
  return (quote_literal(best) || case when best_whole then '' else ':*' end || ' | ''~''')::tsquery;
end
$$;

/*
 * The filters of admin_logs as SQL conditions on `l` (app.activity_log),
 * values as literals; `actions` already expanded from a prefix. Raises 400
 * for a bad value.
 */
create or replace function private.activity_log_conditions(
  actor_id uuid, target_type text, target_id text, since timestamptz, until timestamptz,
  ip text, q text, before text
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  conds text[] := '{}';
  address inet;
  pos record;
  words tsquery;
begin
  if length(target_type) > 64 or length(target_id) > 256 then
    raise exception using errcode = 'PT400', message = 'target_type is at most 64 characters and target_id at most 256';
  end if;
  if length(q) > 200 then
    raise exception using errcode = 'PT400', message = 'q is at most 200 characters';
  end if;
  if since is not null and until is not null and since > until then
    raise exception using errcode = 'PT400', message = 'since must not be after until';
  end if;
  if actor_id is not null then
    conds := conds || format('l.actor_id = %L::uuid', actor_id);
  end if;
  if target_type is not null then
    conds := conds || format('l.target_type = %L', target_type);
  end if;
  if target_id is not null then
    conds := conds || format('l.target_id = %L', target_id);
  end if;
  if since is not null then
    conds := conds || format('l.created_at >= %L::timestamptz', since);
  end if;
  if until is not null then
    conds := conds || format('l.created_at < %L::timestamptz', until);
  end if;
  if nullif(btrim(ip), '') is not null then
    begin
      address := btrim(ip)::inet;
    exception
      when others then
        raise exception using errcode = 'PT400', message = 'ip is an address (203.0.113.7) or a network (203.0.113.0/24)';
    end;
    if position('/' in ip) > 0 then
      conds := conds || format('l.client_ip <<= %L::inet', address);
    else
      conds := conds || format('l.client_ip = %L::inet', address);
    end if;
  end if;
  if nullif(btrim(q), '') is not null then
    words := private.activity_log_rare_word(q);
    if words is not null then
      -- Drive from the rare word: an initplan reads its few rows from the words
      -- index (strpos, which the trigram index cannot serve, keeps the planner
      -- from adding the trigram index's long posting lists); the ilike is the rule.
      conds := conds || format('l.id = any(array(select w.id from app.activity_log w '
        'where app.meta_words(w.meta) @@ %L::tsquery and strpos(lower(w.meta::text), %L) > 0))',
        words, lower(btrim(q)));
    end if;
    conds := conds || format('l.meta::text ilike %L', '%' || app.like_escape(btrim(q)) || '%');
  end if;
  if before is not null then
    select k.created_at, k.id into pos from private.keyset_position(before) k;
    if pos.id !~ '^[0-9]{1,19}$' then
      raise exception using errcode = 'PT400', message = 'This cursor is not one a page answered';
    end if;
    conds := conds || format('(l.created_at, l.id) < (%L::timestamptz, %s::bigint)', pos.created_at, pos.id);
  end if;
  return coalesce(nullif(array_to_string(conds, ' and '), ''), 'true');
end
$$;


/*
 * Search: one RPC, api.search_files, over the index of the search_index
 * migration.
 *
 * What matches. The query, as matched (app.search_text: trimmed, lower-case,
 * accents folded, at most 256 characters), matches a file when
 *   - its name contains the query (given 3 or more letters or digits in a
 *     row: the owner's trigram keys select the candidates, ILIKE decides),
 *   - or every word of the query starts a word of its name, tags,
 *     description or content (so "rep bud" finds "Report_budget.xlsx"),
 *   - or, when the first page finds fewer than 10 files those ways, its name
 *     nearly holds the query (a near-miss: "reprot" finds "report").
 * Filters (tags, type group, MIME type, dates, size, folder, trash) narrow
 * the matches; without a query they alone select the files.
 *
 * Rank buckets, best first (an item's `rank`; its `match` names the bucket):
 *   0 exact      the name, or the name without its extension, is the query
 *   1 prefix     the name starts with the query
 *   2 word       each query word starts a word of the name
 *   3 substring  the name contains the query
 *   4 text       the query's words match the tags, description or content
 *   5 fuzzy      a near-miss, most similar first (its `score`)
 * and within a bucket the most recently modified first (then by id). The
 * cursor is the last row's [bucket, score, updated_at, id] and whether the
 * search tolerates typos, as base64url JSON.
 *
 * Near-misses. A one-word query of letters is matched against the owner's
 * vocabulary of name words (app.owner_name_words): a file is a near-miss
 * when a word of its name starts with one of the 50 of the owner's words
 * most like the query (word_similarity >= 0.4), and scores the best of them.
 * A drive holds few distinct words (a few hundred on bench/search's
 * 200,000-file drive), and the files holding the near words come exactly
 * from the owner word keys, with no similarity to compute per file; the
 * owner trigram index of names would give a misspelled word 2,000 to 5,000
 * candidates, each a table read, the index's recheck and two
 * word_similarity calls (20 to 50 ms). Other queries (several words, digits)
 * take near-misses of the whole name, word_similarity(query, name) >= 0.4,
 * through files_search_name_trgm.
 *
 * How search_files answers:
 *   1. The query's keys are worked out once (app.search_terms).
 *   2. Phase 1 (app.search_collect_sql): one query collects the first 1001
 *      matches through the GIN indexes and gives each its bucket. Up to 1000
 *      matches that is the exact total and the page, sorted in memory. The
 *      owner test is checked on each row (app.search_owner_test) instead of
 *      ANDing a bitmap of the owner's whole btree range into the GIN scans
 *      (15 to 25 ms for 200,000 files): the planner cannot know that an
 *      owner-coded key, or a tag id, already selects that owner's files.
 *      Past 1000, phase 1 also samples the 1001 it counted: how many fall in
 *      each bucket, how many candidates gave them, each bucket's newest dates.
 *   3. Past 1000 the total is an estimate: the planner's estimate of the
 *      candidates (app.search_estimate_where) times the share of phase 1's
 *      candidates that matched (the planner cannot estimate ILIKE '%...%').
 *   4. Phase 2, past 1000: the page bucket by bucket in rank order
 *      (app.search_bucket_rows), until it is full. A bucket either walks the
 *      owner's files newest first (files_search_owner_recent: index-only for
 *      buckets 1 to 3, about 1 us a file; bucket 4 and tag filters read the
 *      table, 4 us), which fills a page of a dense bucket after a few
 *      thousand entries, or reads all its matches through its index and sorts
 *      them (app.search_bucket_sql). app.search_walk_length chooses between
 *      the two from how far back the bucket's sampled dates reach and what a
 *      match through the index costs (app.search_match_cost); a walk that has
 *      not filled the page goes on while, at the density it has seen, it
 *      stays the cheaper.
 *   5. Fewer than 10 exact matches on the first page (and a query of 3 to 64
 *      characters with 3 letters or digits in a row): the search tolerates
 *      typos. The owner's near words are looked up once
 *      (app.search_near_words). When every exact match is on the page,
 *      near-misses fill the rest (app.search_near_sql; group by group of
 *      equally near words, app.search_near_page, when they are many); else
 *      phase 1 runs again with them. The cursor carries the choice: later
 *      pages search the same way.
 *   6. The page's files are read once, for the items, their tags and their
 *      highlights (app.search_highlights).
 *
 * Shortcuts, each chosen from the planner's estimates:
 *   - filters that select fewer files than the query's GIN keys hold (a tag,
 *     a type over a few months) have the query tested on the files they
 *     select (about 4 us each, read from the table) instead of reading the
 *     keys (0.5 us each): `notes` with a tag, a type and a date takes 7.5 ms
 *     testing the 510 files the filters select, 21 ms through the keys;
 *   - when the query's words are the prefix of more than 5,000 files (a
 *     bitmap of them costs more than 2 ms), phase 1 first counts the name
 *     substrings alone: past 1000 of them the words are not needed for the
 *     total, and phase 2 asks for them only if the name buckets leave room;
 *   - a substring of one trigram key (three letters or digits) with no filter
 *     but the trash, which the planner expects to give at most
 *     search.collect_all_below files (4000 by default), has phase 1 collect
 *     every match (up to 8000): past 1000 the page is then exact without a
 *     phase 2, which for substrings of 1,000 to 3,000 matches spread over
 *     every date would read most of them a second time (11 to 16 ms instead
 *     of 16 to 21, in SQL). The total is then exact but still reported as
 *     past the bound (total_is_exact false). Not for longer substrings, whose
 *     trigram keys the planner multiplies into a handful of files where
 *     10,000 names hold them, nor with filters, since every candidate is
 *     read whatever the filters keep (`invoice`, pdf, since 2024: 73 ms
 *     collecting every match, 34 ms collecting 1001).
 *
 * The SQL of each step is built as text with every value quoted as a literal
 * (format %L) and run with EXECUTE: the planner sees the real values and
 * picks the index that fits this query's shape, and the pgTAP plan test
 * (33_search_plans) EXPLAINs exactly the text that app.search_collect_sql,
 * app.search_bucket_sql and app.search_near_sql return. app.search_terms and
 * app.search_highlights, which run once per search, are plpgsql so that the
 * plans of their queries last the session: an SQL function with SET options
 * is neither inlined nor cached, and its queries are planned on every call.
 */


/*
 * The query: what a search knows about its query string, worked out once per
 * call by app.search_terms.
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
grant execute on function app.like_escape(text) to authenticated, service_role;

/*
 * The search string as matched: runs of spaces and control characters made
 * one space, trimmed, at most 256 characters, lower-case, accents folded.
 */
create function app.search_text(q text)
returns text
language sql
stable
parallel safe
set search_path = ''
as $$
  select lower(app.fold(left(btrim(regexp_replace(coalesce(q, ''), '[[:cntrl:][:space:]]+', ' ', 'g')), 256)))
$$;
grant execute on function app.search_text(text) to authenticated, service_role;

/*
 * `w1:* & w2:*` for the query's words (optionally of one weight), or null
 * without words: a tsquery over search_vector. search_files matches words
 * through the owner's word keys instead (app.search_owner_tsquery).
 */
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
grant execute on function app.search_tsquery(text, text) to authenticated, service_role;

/* What a search needs to know about its query, worked out once per call (SQL functions are re-planned per call). */
create type app.search_terms as (
  qn text,            -- the query as matched (app.search_text)
  esc text,           -- qn with LIKE's wildcards escaped
  code text,          -- the owner's key code (app.search_owner_code)
  trigrams text[],    -- the owner trigram keys a name containing qn holds; null without 3 letters or digits in a row
  words tsquery,      -- every query word as a prefix of an owner 't' word key; null without words
  names tsquery,      -- the same over the owner's 'n' (name word) keys
  qwords text[],      -- the query's words (app.search_words)
  near boolean,       -- near-misses of the name can be asked: 3 to 64 characters, 3 letters or digits in a row
  -- Null until search_files asks for near-misses (app.search_near_words fills them), and for any query but one
  -- word of letters, whose near-misses are of the whole name:
  near_words text[],  -- the owner's words most like the query, most similar first
  near_scores real[]  -- their similarities to the query
);

/*
 * The terms of a query for one owner, near words left null. plpgsql, so that
 * the plans of its queries last the session.
 */
create function app.search_terms(owner uuid, q text)
returns app.search_terms
language plpgsql
stable
set search_path = ''
as $$
declare
  qn text := app.search_text(q);
begin
  return row(qn, app.like_escape(qn), app.search_owner_code(owner), app.search_query_trigrams(owner, qn),
    app.search_owner_tsquery(owner, qn, 't'), app.search_owner_tsquery(owner, qn, 'n'), app.search_words(qn),
    char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}', null, null)::app.search_terms;
end
$$;
grant execute on function app.search_terms(uuid, text) to authenticated, service_role;


/*
 * Filters, and the owner test every query carries. filters[1] is always the
 * owner's condition, and with the default `trashed` (false) filters[2] is the
 * trash's: search_files reads `cardinality(filters) > 2` as "a filter besides
 * the owner and the trash".
 */

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
grant execute on function app.search_filters(uuid, uuid[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean)
  to authenticated, service_role;

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
grant execute on function app.search_owner_test(uuid, text[], boolean) to authenticated, service_role;


/*
 * Rank buckets: the condition of each over app.files f, as SQL text.
 * conds[b + 1] is bucket b's (null: the bucket cannot match): exact name,
 * name prefix, name words, name substring, other words (tags, description,
 * content), near-miss (only when the search tolerates typos, from
 * app.search_near_arm); conds[7] is all the match arms together. With 3
 * letters or digits in a row, buckets 0 and 1 are tested on the name alone:
 * such a name contains the query, so it matches its substring arm.
 *
 * The substring arm tests `(f.name || '') ilike`, so that the planner reaches
 * it only through the owner's trigram keys (files_search_trigrams) and never
 * through the name column of files_search_name_trgm, which holds every
 * user's names (on 50,000 files, `name ILIKE '%bud%'` read 408 index entries
 * and table rows of all users where the owner's keys hold 72).
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
grant execute on function app.search_bucket_conds(app.search_terms, boolean) to authenticated, service_role;


/*
 * Near-misses through each owner's vocabulary of name words.
 *
 * app.owner_name_words keeps, per owner, the words of their file names (the
 * leading letters of each name word, 3 to 64 of them, as the owner word keys
 * 'n' of app.files.search_words start) and how many of their files carry
 * each, outside the trash and in it, kept by statement triggers on
 * app.files. A one-word query of letters is matched against the owner's
 * words through a pg_trgm GIN index (app.search_near_words); the files
 * holding the near words come from their owner word keys as prefixes
 * (files_search_words, app.search_near_arm). A file's score is the best
 * word_similarity of the query and a near word its name has a word starting
 * with: almost always the word_similarity of the whole name, the best extent
 * of a name being one of its words (camelCase words count too). The counts
 * also tell when one near word is on so many files that the first page of
 * near-misses must come group by group (app.search_near_page).
 */

create table app.owner_name_words (
  owner_id uuid not null references app.users (id) on delete cascade,
  word text not null,
  files integer not null,
  trashed integer not null,
  primary key (owner_id, word)
);
alter table app.owner_name_words enable row level security;
revoke all on app.owner_name_words from public, anon, authenticated;
grant select on app.owner_name_words to authenticated;
grant all on app.owner_name_words to service_role;
comment on table app.owner_name_words is
  'Search: each owner''s words of file names, with how many of their files outside the trash (files) and in it (trashed) carry each, kept by triggers; near-misses of a misspelled query are looked up here.';

-- Near words of one owner: owner_id selects the owner's entries, the trigrams the near words.
create index owner_name_words_trgm on app.owner_name_words using gin (owner_id, word extensions.gin_trgm_ops);

/*
 * The vocabulary words of a file: the leading letters of each word of its
 * name (the lexemes of weight A of its search vector), 3 to 64 of them.
 * Leading letters only, so that numbered names (userService1234.ts, deck
 * v12) add one word, not one per file.
 */
create function app.search_name_vocabulary(search_vector tsvector)
returns text[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct w order by w), '{}')
  from (select substring(u.lexeme from '^[[:alpha:]]+') as w from unnest(search_vector) u where 'A' = any(u.weights)) x
  where char_length(w) between 3 and 64
$$;
revoke execute on function app.search_name_vocabulary(tsvector) from public;
grant execute on function app.search_name_vocabulary(tsvector) to authenticated, service_role;

/* One file's words counted in (sign 1) or out (-1), in or outside the trash. */
create function app.name_word_changes(owner uuid, search_vector tsvector, in_trash boolean, sign integer)
returns table (owner_id uuid, word text, files integer, trashed integer)
language sql
immutable
set search_path = ''
as $$
  select owner, x, case when in_trash then 0 else sign end, case when in_trash then sign else 0 end
  from unnest(app.search_name_vocabulary(search_vector)) x
$$;
revoke execute on function app.name_word_changes(uuid, tsvector, boolean, integer) from public;

/*
 * Adds net (files, trashed) changes per (owner, word), given as parallel
 * arrays; forgets words no file carries any more.
 *
 * The counts lock one row per word until commit. Each statement that changes
 * files applies all its changes here in one upsert, in (owner, word) order,
 * so two statements lock shared words in the same order and one waits for
 * the other. Counting a rename's old words and then its new ones, or a
 * folder's files one by one, would deadlock two such statements of one owner
 * (supabase/tests/api/name-words-concurrency.test.ts).
 */
create function app.apply_name_word_changes(owners uuid[], words text[], files integer[], trashed integer[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into app.owner_name_words as w (owner_id, word, files, trashed)
  select c.owner_id, c.word, sum(c.files)::integer, sum(c.trashed)::integer
  from unnest(owners, words, files, trashed) as c(owner_id, word, files, trashed)
  group by c.owner_id, c.word
  having sum(c.files) <> 0 or sum(c.trashed) <> 0
  order by c.owner_id, c.word
  on conflict (owner_id, word) do update set files = w.files + excluded.files, trashed = w.trashed + excluded.trashed;
  delete from app.owner_name_words w
  where w.files <= 0 and w.trashed <= 0
    and (w.owner_id, w.word) in (select c.owner_id, c.word from unnest(owners, words) as c(owner_id, word));
end
$$;
revoke execute on function app.apply_name_word_changes(uuid[], text[], integer[], integer[]) from public;

/* New files: plus their words. */
create function app.files_name_words_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from added a, app.name_word_changes(a.owner_id, a.search_vector, a.trashed_at is not null, 1) c;
  return null;
end
$$;
revoke execute on function app.files_name_words_insert() from public;

/* Deleted files (purged from the trash, or with their owner): minus their words. */
create function app.files_name_words_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from removed r, app.name_word_changes(r.owner_id, r.search_vector, r.trashed_at is not null, -1) c;
  return null;
end
$$;
revoke execute on function app.files_name_words_delete() from public;

/* Renamed, trashed or restored files (or files given to another owner): old words out, new words in. */
create function app.files_name_words_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from before_rows o
  join after_rows n on n.id = o.id
  cross join lateral (
    select * from app.name_word_changes(o.owner_id, o.search_vector, o.trashed_at is not null, -1)
    union all
    select * from app.name_word_changes(n.owner_id, n.search_vector, n.trashed_at is not null, 1)
  ) c
  where o.name is distinct from n.name or o.owner_id <> n.owner_id or (o.trashed_at is null) <> (n.trashed_at is null);
  return null;
end
$$;
revoke execute on function app.files_name_words_update() from public;

-- Per statement, with transition tables, so a statement's words are counted in one ordered pass. Postgres allows
-- no column list with transition tables: the update trigger sees every UPDATE and skips rows whose name, owner and
-- trash state did not change (the name words follow the name: files_tsvector, a BEFORE trigger, recomputes them).
create trigger files_name_words_insert after insert on app.files
  referencing new table as added
  for each statement execute function app.files_name_words_insert();
create trigger files_name_words_delete after delete on app.files
  referencing old table as removed
  for each statement execute function app.files_name_words_delete();
create trigger files_name_words_update after update on app.files
  referencing old table as before_rows new table as after_rows
  for each statement execute function app.files_name_words_update();

create policy "owners read their name words" on app.owner_name_words
  for select to authenticated using (owner_id = (select app.current_user_id()));
-- Names are file metadata: who reads every file's metadata reads their words too.
create policy "admins read every owner's name words" on app.owner_name_words
  for select to authenticated using ((select app.user_has_permission('files.read_all_metadata')));

/*
 * The terms with the owner's near words filled in (a one-word query of
 * letters; others unchanged): the 50 of the owner's words most like the
 * query, word_similarity >= 0.4, most similar first.
 */
create function app.search_near_words(owner uuid, t app.search_terms)
returns app.search_terms
language plpgsql
stable
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.4
as $$
#variable_conflict use_variable
declare
  r app.search_terms := t;
begin
  if t.near and t.qn ~ '^[[:alpha:]]+$' then
    select coalesce(array_agg(s.word order by s.score desc, s.word), '{}'),
           coalesce(array_agg(s.score order by s.score desc, s.word), '{}')
      into r.near_words, r.near_scores
    from (select w.word, extensions.word_similarity(t.qn, w.word)::real as score
          from app.owner_name_words w
          where w.owner_id = owner and t.qn operator(extensions.<%) w.word
          order by 2 desc, w.word limit 50) s;
  end if;
  return r;
end
$$;
grant execute on function app.search_near_words(uuid, app.search_terms) to authenticated, service_role;

/*
 * The near-miss arm of a query over app.files f: [condition, score], both
 * SQL text (null condition: nothing is near). With near words, the files
 * whose owner word keys start with one of them, scored by the most similar one
 * (one CASE branch per distinct similarity); else near-misses of the whole
 * name through files_search_name_trgm.
 */
create function app.search_near_arm(t app.search_terms)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select case
    when t.near_words is not null then array[
      (select format('f.search_words @@ %L::tsquery', string_agg(quote_literal(t.code || 'n' || w) || ':*', ' | '))
       from unnest(t.near_words) w having count(*) > 0),
      coalesce((select 'case ' || string_agg(format('when f.search_words @@ %L::tsquery then %L::real', g.keys, g.score), ' '
                  order by g.score desc) || ' else 0::real end'
                from (select s as score, string_agg(quote_literal(t.code || 'n' || w) || ':*', ' | ') as keys
                      from unnest(t.near_words, t.near_scores) u(w, s) group by s) g), '0::real')]
    when t.near then array[
      format('(app.search_owner_code(f.owner_id) = %L and %L operator(extensions.<%%) f.name)', t.code, t.qn),
      format('extensions.word_similarity(%L, f.name)::real', t.qn)]
    else array[null, '0::real']
  end
$$;
grant execute on function app.search_near_arm(app.search_terms) to authenticated, service_role;


/*
 * Phase 1: one query counts the first 1001 matches through the GIN indexes
 * and ranks them (see the top of this file); app.search_after is the keyset
 * of a later page's cursor.
 */

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
grant execute on function app.search_after(jsonb) to authenticated, service_role;

/*
 * Phase 1: the SQL of one query returning (total, rows, sample): how many
 * files match, counting up to `bound` (1001, or more when search_files
 * collects every match of a short substring), and the first `page_size` of
 * them after `cursor`, best first, as [{id, updated_at, bucket, score}]. The
 * rows are the page when every match was counted (total < bound); else
 * sample describes the matches counted, for the estimate of the total and
 * for choosing how to ask each bucket in phase 2: {counts: [per bucket
 * 0..5], candidates: how many files the GIN conditions gave for them, dates:
 * {bucket 1..4: its newest 256 dates}} (filters alone, which count up to
 * 1001: {counts: [1001], dates: {0: the newest 256 dates}}). Each
 * candidate's bucket comes from one pass over its name. With
 * `text_filtered`, the query's GIN conditions are tested on the files the
 * filters select instead of selecting files themselves.
 */
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
grant execute on function app.search_collect_sql(uuid, app.search_terms, boolean, text[], jsonb, integer, integer, boolean)
  to authenticated, service_role;


/*
 * Estimates: the total past 1000 matches, and the sizes the shortcuts and
 * the walks are chosen by.
 */

/* The planner's estimate of the files of app.files f matching `condition` (volatile: EXPLAIN runs only in a volatile function). */
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
grant execute on function app.search_estimate(text) to authenticated, service_role;

/*
 * The WHERE text of the planner's estimate of a search's candidates: the
 * files its GIN conditions give (for a query) or its filters select. With
 * the share of candidates that matched in phase 1's sample, this is the
 * total past 1000 (the planner cannot estimate ILIKE '%...%' itself).
 * Owner-coded keys and tag ids already select the owner's files: the owner
 * test is left out then, or the planner would count the owner's share of the
 * table a second time (5 times too few for a user with a fifth of it).
 */
create function app.search_estimate_where(t app.search_terms, fuzzy boolean, filters text[])
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
grant execute on function app.search_estimate_where(app.search_terms, boolean, text[]) to authenticated, service_role;


/*
 * Phase 2: past 1000 matches, the page bucket by bucket in rank order (see
 * the top of this file).
 *
 * files_search_owner_recent holds the owner's files newest first with the
 * name and every filtered column: a walk of it tests buckets 1 to 3 and the
 * filters without reading the table, and with many matches fills a page
 * after a few thousand entries. As app.files' only index on (owner_id,
 * updated_at), it also serves any listing of a drive by date.
 *
 * files_search_name_prefix covers what a page of names starting with the
 * query (bucket 1) reads, so that it is index-only with no filter but the
 * trash and dates. `name` is included because the planner asks for the
 * column under lower(name) to read an index only.
 */

create index files_search_owner_recent on app.files (owner_id, updated_at desc, id desc)
  include (trashed_at, type_group, mime_type, size, folder_id, tag_ids, name);
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
grant execute on function app.search_match_cost(app.search_terms, integer, text[]) to authenticated, service_role;

/*
 * How many of the owner's newest files a page of one bucket should walk (0:
 * read the bucket's matches through its index instead). `dates` are the
 * bucket's newest sampled matches (phase 1 counted 1001 of about `matching`
 * matches, `share` of them in this bucket); the page needs `need` files
 * after `cursor`. The page should be complete about as far back as the
 * sample's k-th newest date, k being the page's share of the sample; the
 * walk reads every file of the owner's since then (the planner's estimate,
 * whatever the filters), at `row_cost` us each, against `match_cost` us per
 * match read through the bucket's index (app.search_match_cost). It walks
 * when 1.5 times that walk costs less, twice as far (1,000 to 100,000 files).
 */
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

/*
 * Phase 2: the SQL of the next `page_size` files of one rank bucket (for
 * qn = '', of the filters alone), newest first (bucket 5: most similar
 * first), after `cursor` when it points into this bucket, as one jsonb array
 * of {id, updated_at, bucket, score}.
 *   walk_rows > 0 (buckets 1 to 3 with 3 letters or digits in a row, and
 *     bucket 4): read at most walk_rows of the owner's newest files from
 *     files_search_owner_recent in date order, index-only for buckets 1 to 3.
 *   otherwise: every match of the bucket through its index (the name index
 *     for buckets 0 and 1, the GIN indexes for 2 to 5, the owner test keyed
 *     for those), then sorted.
 * With qn = '' (filters alone), walk_rows > 0 walks as above, 0 reads every
 * file the filters select through their index and sorts them, and -1 leaves
 * the plan to the planner.
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
grant execute on function app.search_bucket_sql(uuid, app.search_terms, boolean, text[], integer, integer, jsonb, integer)
  to authenticated, service_role;

/*
 * The next `page_size` files of one bucket after `cursor` (when it points
 * into it), through the bucket's index, or walking (see
 * app.search_bucket_sql) `walk_rows` files at a time. A walk that has not
 * filled the page goes on as long as, at the density it has seen, the rest
 * of the page is nearer than the bucket's remaining matches (`matches`, an
 * estimate) read through its index at app.search_match_cost each; else,
 * and past 100,000 files walked, those give the rest.
 */
create function app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer,
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
grant execute on function app.search_bucket_rows(uuid, app.search_terms, boolean, text[], integer, integer, jsonb, integer, real)
  to authenticated, service_role;


/*
 * Near-misses after a first page that holds every exact match: bucket 5
 * fills the rest of the page.
 */

/*
 * The SQL of the near-misses (bucket 5) that are not among `exact` (the
 * first page's exact matches, all of them): (count, rows), the rows being
 * the `page_size` most similar, as {id, updated_at, bucket, score}. Each
 * candidate's similarity is computed once.
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
          from (select f.id, f.updated_at, %2$s as score
                from app.files f where %3$s%4$s and %5$s and f.id <> all(%6$L::uuid[]) offset 0) f) r
  $sql$, page_size, (app.search_near_arm(t))[2], app.search_owner_test(owner, filters, true),
    coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), ''),
    coalesce((app.search_bucket_conds(t, true))[6], 'false'), exact)
$$;
grant execute on function app.search_near_sql(uuid, app.search_terms, text[], uuid[], integer) to authenticated, service_role;

/*
 * The SQL of the next `need` files of one group of equally near words
 * (bucket 5, score `score`) as a jsonb array of {id, updated_at, bucket,
 * score}, newest first: files of the owner's outside the trash with a name
 * word starting with one of `keys` (a tsquery of owner word keys), none
 * starting with one of `better` (the nearer groups' keys, or null), and not
 * among `exact`.
 *   walk_rows > 0: reads at most walk_rows of the owner's newest files from
 *     files_search_owner_recent (index-only), tests `name_test` (a name
 *     containing a near word, or with non-ASCII characters, which folding
 *     may change) and then the word keys, read by primary key for those few;
 *   otherwise: every file of the group older than `after` ([updated_at, id],
 *     or null) through the owner word keys, then sorted.
 */
create function app.search_near_group_sql(owner uuid, keys text, better text, exact uuid[], name_test text, score real,
  walk_rows integer, after jsonb, need integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when walk_rows > 0 then format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 5, 'score', %1$L::real)
      order by p.updated_at desc, p.id desc), '[]')
    from (select f.id, f.updated_at
          from (select f.id, f.updated_at, f.name from app.files f where f.owner_id = %2$L::uuid and f.trashed_at is null
                order by f.updated_at desc, f.id desc limit %3$s) f
          where case when (%4$s or octet_length(f.name) <> char_length(f.name)) and f.id <> all(%5$L::uuid[])
                     then coalesce((select n.search_words @@ %6$L::tsquery and not coalesce(n.search_words @@ %7$s, false)
                                    from app.files n where n.id = f.id), false)
                     else false end
          order by f.updated_at desc, f.id desc limit %8$s) p
  $sql$, score, owner, walk_rows, name_test, exact, keys, coalesce(quote_literal(better) || '::tsquery', 'null'), need)
  else format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 5, 'score', %1$L::real)
      order by p.updated_at desc, p.id desc), '[]')
    from (select * from (select f.id, f.updated_at from app.files f
                         where (f.owner_id = %2$L::uuid) is true and f.trashed_at is null and f.search_words @@ %3$L::tsquery
                           and not coalesce(f.search_words @@ %4$s, false) and f.id <> all(%5$L::uuid[]) and %6$s offset 0) f
          order by f.updated_at desc, f.id desc limit %7$s) p
  $sql$, score, owner, keys, coalesce(quote_literal(better) || '::tsquery', 'null'), exact,
    case when after is null then 'true'
      else format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', after ->> 'updated_at', after ->> 'id') end, need)
  end
$$;
grant execute on function app.search_near_group_sql(uuid, text, text, uuid[], text, real, integer, jsonb, integer)
  to authenticated, service_role;

/*
 * The first page of near-misses (bucket 5) of a search with many of them:
 * (total, rows) as app.search_near_sql gives, or no row when this does not
 * apply. It applies to the owner's files outside the trash with no other
 * filter, when one near word alone is carried by more than 1000 of them (its
 * count in app.owner_name_words): the total is then past the bound, an
 * estimate (the sum of the near words' counts; search_files replaces it with
 * the planner's), and the page comes group by group of equally near words,
 * most similar first, each newest first (app.search_near_group_sql), without
 * counting every near-miss or reading the groups the page does not reach.
 */
create function app.search_near_page(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer)
returns table (total bigint, rows jsonb)
language plpgsql
stable
set search_path = ''
as $$
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
$$;
grant execute on function app.search_near_page(uuid, app.search_terms, text[], uuid[], integer) to authenticated, service_role;


/*
 * Highlights: the parts of each name on the page that match the query.
 */

/*
 * The parts of one name to highlight for a query: [{start, length}], 0-based
 * character offsets. search_files asks app.search_highlights, for the whole
 * page at once.
 */
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
grant execute on function app.search_highlight(text, text) to authenticated, service_role;

/*
 * The highlights of many names for one query, as {name: [{start, length}]}
 * (0-based character offsets in the lower-case, accent-folded name): the
 * whole query where the name contains it, else each query word it contains,
 * else the name word most like the query, worked out once per name in one
 * pass. One call per page, and plpgsql so that its queries are planned once
 * per session: an SQL function with SET options is planned on every call,
 * which once per item costs about 8 ms on a page of 50.
 */
create function app.search_highlights(names text[], q text)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  qn text := app.search_text(q);
  qwords text[] := app.search_words(qn);
begin
  if qn = '' then
    return coalesce((select jsonb_object_agg(u.name, '[]'::jsonb) from (select distinct name from unnest(names) n(name)
      where name is not null) u), '{}');
  end if;
  return coalesce((
    select jsonb_object_agg(l.name, coalesce(
      case when strpos(l.lname, qn) > 0 then
        jsonb_build_array(jsonb_build_object('start', strpos(l.lname, qn) - 1, 'length', char_length(qn))) end,
      (select jsonb_agg(jsonb_build_object('start', p - 1, 'length', char_length(w)) order by p)
       from unnest(qwords) w, lateral (select strpos(l.lname, w) as p) s where p > 0),
      (select jsonb_build_array(jsonb_build_object('start', strpos(l.lname, w) - 1, 'length', char_length(w)))
       from unnest(string_to_array(app.name_words(l.lname), ' ')) w
       where w <> '' and strpos(l.lname, w) > 0
       order by extensions.similarity(w, qn) desc
       limit 1),
      '[]'::jsonb))
    from (select distinct n.name, lower(app.fold(n.name)) as lname from unnest(names) n(name) where n.name is not null) l), '{}');
end
$$;
grant execute on function app.search_highlights(text[], text) to authenticated, service_role;


/*
 * The search (see the top of this file for how it answers). Security
 * definer: every query it builds carries owner_id = the caller
 * (app.require_user_id()), and the items it returns come from those queries,
 * so it only ever returns the caller's files; under RLS, the admin's policy
 * on app.files would be ORed into every scan. Volatile: it runs EXPLAIN for
 * its estimates.
 */
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
grant execute on function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) to authenticated;

/*
 * Near-misses through each owner's vocabulary of name words.
 *
 * Measured on 1,000,000 files (bench/search, one user owning 200,000): a
 * misspelled word had 2,000 to 5,000 candidates in the owner trigram index of
 * names, each costing a table read, the index's recheck and the score (two
 * word_similarity calls): 20 to 50 ms, p95 56 ms through the gateway.
 *
 * A drive holds few distinct words: app.owner_name_words keeps, per owner,
 * the words of their file names (the leading letters of each name word, as
 * the owner word keys 'n' of app.files.search_words start, 3 to 64 of them)
 * and how many of their files carry each, kept by triggers. A misspelled
 * query is matched against the owner's words through a pg_trgm GIN index (a
 * few hundred words on the generated 200,000-file drive); the files holding
 * the near words then come exactly from the owner word keys
 * (files_search_words, as prefixes), with no similarity to compute per file.
 *
 * A near-miss of a one-word query of letters is now a file whose name has a
 * word starting with a word of the owner's with word_similarity(query, word)
 * >= 0.4; its score is the best such (on a name this is almost always the
 * word_similarity of the whole name, the previous definition: the best extent
 * of a name is one of its words; camelCase words now count too). The 50 most
 * similar words of the owner's are used. Other queries (several words,
 * digits) keep near-misses of the whole name through the trigram index.
 * Ranking (score, then most recent), totals, the cursor and filters are as
 * before. search_files uses them from 20261123080100 on.
 */

create table app.owner_name_words (
  owner_id uuid not null references app.users (id) on delete cascade,
  word text not null,
  files integer not null,
  trashed integer not null,
  primary key (owner_id, word)
);
comment on table app.owner_name_words is
  'Search: each owner''s words of file names, with how many of their files outside the trash (files) and in it (trashed) carry each, kept by triggers; near-misses of a misspelled query are looked up here.';
alter table app.owner_name_words enable row level security;
revoke all on app.owner_name_words from public, anon, authenticated;
grant select on app.owner_name_words to authenticated;
grant all on app.owner_name_words to service_role;

-- Near words of one owner: owner_id selects the owner's entries, the trigrams the near words.
create index owner_name_words_trgm on app.owner_name_words using gin (owner_id, word extensions.gin_trgm_ops);

create policy "owners read their name words" on app.owner_name_words
  for select to authenticated using (owner_id = (select app.current_user_id()));
-- Names are file metadata: who reads every file's metadata reads their words too.
create policy "admins read every owner's name words" on app.owner_name_words
  for select to authenticated using ((select app.user_has_permission('files.read_all_metadata')));

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

/*
 * Adds net (files, trashed) changes per (owner, word), given as parallel
 * arrays; forgets words no file carries any more.
 *
 * The counts lock one row per word until commit. Each statement that changes
 * files applies all its changes here in one upsert, in (owner, word) order,
 * so two statements lock shared words in the same order and one waits for
 * the other. Counting a rename's old words and then its new ones, or a
 * folder's files one by one, deadlocked two such statements of one owner
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

revoke execute on function app.search_name_vocabulary(tsvector), app.name_word_changes(uuid, tsvector, boolean, integer),
  app.apply_name_word_changes(uuid[], text[], integer[], integer[]),
  app.files_name_words_insert(), app.files_name_words_delete(), app.files_name_words_update() from public;
grant execute on function app.search_name_vocabulary(tsvector) to authenticated, service_role;

-- No file may change while the words are counted (a deployment applies this under traffic).
lock table app.files in share mode;

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

insert into app.owner_name_words (owner_id, word, files, trashed)
select f.owner_id, x, count(*) filter (where f.trashed_at is null), count(*) filter (where f.trashed_at is not null)
from app.files f, unnest(app.search_name_vocabulary(f.search_vector)) x
group by f.owner_id, x;
analyze app.owner_name_words;

/*
 * The query's terms gain the near words: null until search_files asks for
 * near-misses (app.search_near_words), then the owner's words most like a
 * one-word query of letters (most similar first) and their similarities;
 * they stay null for other queries, whose near-misses are of the whole name.
 */
alter type app.search_terms add attribute near_words text[], add attribute near_scores real[];

create or replace function app.search_terms(owner uuid, q text)
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

/* The terms with the owner's near words filled in (a one-word query of letters; others unchanged). */
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

grant execute on function app.search_near_words(uuid, app.search_terms), app.search_near_arm(app.search_terms)
  to authenticated, service_role;
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
grant execute on function app.search_near_group_sql(uuid, text, text, uuid[], text, real, integer, jsonb, integer),
  app.search_near_page(uuid, app.search_terms, text[], uuid[], integer) to authenticated, service_role;

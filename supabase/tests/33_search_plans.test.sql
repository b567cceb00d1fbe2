-- Each search shape is planned on the index built for it. On a generated
-- drive (20,000 files, one user owning 8,000), with the planner left alone:
-- a plan regression fails here, not only in bench/search. search_files runs
-- as security definer, so the plans are those of its owner, as here. Each
-- query is exactly the SQL search_files runs (app.search_collect_sql for the
-- total and a short page, app.search_bucket_sql for a page of one rank
-- bucket past 1000 matches, app.search_near_sql for near-misses).
begin;
select plan(37);

select tests.generate_search_data(20000, 10, 8000);
select tests.search_user_id(1) as me \gset

/* The plan of `query` as JSON text. */
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare
  plan json;
begin
  execute 'explain (format json) ' || query into plan;
  return plan::text;
end
$$;

/* The index names in a plan. */
create function pg_temp.indexes(plan text) returns text[] language sql as $$
  select array(select distinct m[1] from regexp_matches(plan, '"Index Name": "([^"]+)"', 'g') m order by 1)
$$;

/* No sequential scan of app.files anywhere in a plan. */
create function pg_temp.no_seq_scan(plan text) returns boolean language sql as $$
  select plan !~ '"Node Type": "Seq Scan",[^}]*"Relation Name": "files"'
$$;

/* The filters search_files builds for the heavy user. */
create function pg_temp.filters(tag_names text[] default null, type_group text default null,
  modified_from timestamptz default null, modified_to timestamptz default null) returns text[]
language sql as $$
  select app.search_filters(tests.search_user_id(1),
    (select array_agg(id) from app.tags where owner_id = tests.search_user_id(1) and name = any(tag_names)),
    type_group, null, modified_from, modified_to, null, null, null, true, false)
$$;

/* Phase 1 of a search for the heavy user: the first 1001 matches and the page. */
create function pg_temp.collect(q text, filters text[] default pg_temp.filters()) returns text language sql as $$
  select app.search_collect_sql(tests.search_user_id(1), app.search_terms(tests.search_user_id(1), q), false, filters, null, 51)
$$;

/* Phase 2: a page of one bucket, walking `walk_rows` files (0: through the GIN indexes). */
create function pg_temp.bucket(q text, bucket integer, walk_rows integer, filters text[] default pg_temp.filters())
returns text language sql as $$
  select app.search_bucket_sql(tests.search_user_id(1), app.search_terms(tests.search_user_id(1), q), false, filters,
    bucket, walk_rows, null, 51)
$$;

-- A 3-letter substring.
select pg_temp.plan_of(pg_temp.collect('bud')) as substring \gset
select ok(pg_temp.indexes(:'substring') @> array['files_search_trigrams', 'files_search_words'],
  'a 3-letter substring collects its matches through the owner trigram and word keys');
select ok(pg_temp.no_seq_scan(:'substring'), 'a 3-letter substring never scans the whole table');
select pg_temp.plan_of(pg_temp.bucket('bud', 3, 6000)) as walk \gset
select ok(:'walk' ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_owner_recent"',
  'past 1000 matches, a name substring walks the owner''s newest files index-only');
select ok(pg_temp.no_seq_scan(:'walk'), 'the walk never scans the whole table');
select ok('files_search_trigrams' = any(pg_temp.indexes(pg_temp.plan_of(pg_temp.bucket('bud', 3, 0)))),
  'the files older than the walk come through the owner trigram keys');
select pg_temp.plan_of(pg_temp.bucket('bud', 1, 0)) as prefixes \gset
select ok(:'prefixes' ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_name_prefix"',
  'names starting with the query come index-only from the name prefix index');
-- Which is why a page of them walks only where prefixes are common (us per match through the index).
select is(app.search_match_cost(app.search_terms(:'me', 'bud'), 1, pg_temp.filters(modified_from => now() - interval '1 year')),
  0.6::double precision, 'a name prefix costs 0.6 us a match, with no filter but the trash and dates');
select is(app.search_match_cost(app.search_terms(:'me', 'bud'), 1, pg_temp.filters(type_group => 'pdf')),
  4.3::double precision, 'other filters read the table: 4.3 us');
select is(app.search_match_cost(app.search_terms(:'me', 'bud'), 3, pg_temp.filters()),
  4.3::double precision, 'and so do the other buckets');
select ok(pg_temp.plan_of(pg_temp.bucket('bud', 2, 6000)) ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_owner_recent"',
  'a name-word walk reads the owner''s newest files index-only');
select ok('files_search_words' = any(pg_temp.indexes(pg_temp.plan_of(pg_temp.bucket('bud', 2, 0)))),
  'name words otherwise come through the owner word keys');
select ok('files_search_owner_recent' = any(pg_temp.indexes(pg_temp.plan_of(pg_temp.bucket('bud', 4, 6000)))),
  'a walk for other words reads the owner''s files newest first');
select ok('files_search_words' = any(pg_temp.indexes(pg_temp.plan_of(pg_temp.bucket('bud', 4, 0)))),
  'other words otherwise come through the owner word keys');

-- A misspelled word: the owner's near words, then the files holding them.
select app.search_near_words(:'me', app.search_terms(:'me', 'budgte')) as near_terms \gset
select ok('budget' = any((:'near_terms'::app.search_terms).near_words), 'a misspelled word finds its near words in the owner''s vocabulary');
set local pg_trgm.word_similarity_threshold = 0.4;
select pg_temp.plan_of(format('select w.word from app.owner_name_words w where w.owner_id = %L and %L operator(extensions.<%%) w.word',
  :'me', 'budgte')) as lookup \gset
reset pg_trgm.word_similarity_threshold;
select ok(pg_temp.indexes(:'lookup') && array['owner_name_words_trgm', 'owner_name_words_pkey']
    and :'lookup' !~ '"Node Type": "Seq Scan"',
  'the near words are looked up among the owner''s words only');
select pg_temp.plan_of(app.search_near_sql(:'me', :'near_terms', pg_temp.filters(), '{}', 51)) as misspelled \gset
select ok('files_search_words' = any(pg_temp.indexes(:'misspelled')),
  'a misspelled word finds the files of its near words through the owner word keys');
select ok(pg_temp.no_seq_scan(:'misspelled'), 'a misspelled word never scans the whole table');
select ok(pg_temp.no_seq_scan(pg_temp.plan_of(app.search_bucket_sql(:'me', :'near_terms', true, pg_temp.filters(), 5, 0, null, 51))),
  'a later page of near-misses never scans the whole table');
select pg_temp.plan_of(app.search_near_group_sql(:'me', (:'near_terms'::app.search_terms).code || 'nbudget:*', null, '{}',
  'strpos(lower(f.name), ''budget'') > 0', 0.5, 0, null, 51)) as near_group \gset
select ok('files_search_words' = any(pg_temp.indexes(:'near_group')) and pg_temp.no_seq_scan(:'near_group'),
  'with many near-misses, a group of near words is read through the owner word keys');
select ok(pg_temp.plan_of(app.search_near_group_sql(:'me', (:'near_terms'::app.search_terms).code || 'nbudget:*', null, '{}',
    'strpos(lower(f.name), ''budget'') > 0', 0.5, 3000, null, 51))
    ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_owner_recent"',
  'or, when dense, walks the owner''s newest files index-only');
select pg_temp.plan_of(app.search_near_sql(:'me', app.search_near_words(:'me', app.search_terms(:'me', 'budgte revew')),
  pg_temp.filters(), '{}', 51)) as misspelled_words \gset
select ok('files_search_name_trgm' = any(pg_temp.indexes(:'misspelled_words')),
  'misspelled words find near-misses of the whole name through the owner trigram index of names');

-- A tag filter.
select pg_temp.filters(array[(select name from app.tags where owner_id = :'me' order by name offset 20 limit 1)]) as tagged \gset
select pg_temp.plan_of(pg_temp.collect('', :'tagged')) as tag_collect \gset
select ok('files_search_tags' = any(pg_temp.indexes(:'tag_collect')), 'a tag filter collects its files through the tag index');
select ok(pg_temp.no_seq_scan(:'tag_collect'), 'a tag filter never scans the whole table');
select pg_temp.plan_of(pg_temp.bucket('', 0, 0, :'tagged')) as tag_page \gset
select ok('files_search_tags' = any(pg_temp.indexes(:'tag_page')),
  'past 1000 files a tag filter pages through the tag index');
select ok(pg_temp.plan_of(pg_temp.bucket('', 0, 1000, :'tagged')) ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_owner_recent"',
  'or walks the owner''s newest files index-only');
select ok(pg_temp.no_seq_scan(:'tag_page'), 'a tag filter page never scans the whole table');

-- A type and date filter.
select pg_temp.filters(type_group => 'pdf', modified_from => now() - interval '400 days',
  modified_to => now() - interval '310 days') as typed \gset
select pg_temp.plan_of(pg_temp.collect('', :'typed')) as type_collect \gset
select ok(pg_temp.indexes(:'type_collect') && array['files_search_type_updated', 'files_search_owner_recent'],
  'a type and date filter reads the type and date index or the owner''s files by date');
select ok(pg_temp.no_seq_scan(:'type_collect'), 'a type and date filter never scans the whole table');
select ok(pg_temp.no_seq_scan(pg_temp.plan_of(pg_temp.bucket('', 0, 0, :'typed'))), 'a type and date page never scans the whole table');

-- Text with a tag, a type and a date.
select pg_temp.plan_of(pg_temp.collect('invoice', pg_temp.filters(
  array[(select name from app.tags where owner_id = :'me' order by name limit 1)], 'pdf', now() - interval '400 days'))) as combined \gset
select ok(pg_temp.indexes(:'combined') && array['files_search_trigrams', 'files_search_words', 'files_search_tags'],
  'text with filters collects through the owner keys or the tag index');
select ok(pg_temp.no_seq_scan(:'combined'), 'text with filters never scans the whole table');
-- With filters more selective than the query's keys, the query is tested on the files they select.
select pg_temp.filters(array[(select name from app.tags where owner_id = :'me' order by name limit 1)], 'pdf',
  now() - interval '400 days') as selective \gset
select app.search_collect_sql(:'me', app.search_terms(:'me', 'invoice'), false, :'selective', null, 51, 1001, true) as filtered_sql,
  app.search_collect_sql(:'me', app.search_terms(:'me', 'invoice'), false, :'selective', null, 51, 1001, false) as keyed_sql \gset
select pg_temp.plan_of(:'filtered_sql') as filtered \gset
select ok(not pg_temp.indexes(:'filtered') && array['files_search_trigrams', 'files_search_words']
    and pg_temp.indexes(:'filtered') && array['files_search_tags', 'files_search_type_updated'],
  'text with selective filters reads the files through the filters'' indexes, not the query''s keys');
select ok(pg_temp.no_seq_scan(:'filtered'), 'and never scans the whole table');
create function pg_temp.run(query text) returns jsonb language plpgsql as $$
declare
  total bigint;
  rows jsonb;
begin
  execute query into total, rows;
  return jsonb_build_object('total', total, 'rows', rows);
end
$$;
select ok((pg_temp.run(:'filtered_sql') ->> 'total')::integer between 1 and 1000, 'some files match them all');
select is(pg_temp.run(:'filtered_sql'), pg_temp.run(:'keyed_sql'), 'either way, the same total and page');

-- The estimate search_files gives past 1000 matches reads no table either.
select ok(pg_temp.no_seq_scan(pg_temp.plan_of('select from app.files f where '
  || app.search_estimate_where(app.search_terms(:'me', 'ing'), false, pg_temp.filters()))),
  'the estimate of a query''s matches is planned on the indexes');
select ok(pg_temp.no_seq_scan(pg_temp.plan_of('select from app.files f where '
  || app.search_estimate_where(app.search_terms(:'me', ''), false, :'typed'))),
  'the estimate of a filter''s files is planned on the indexes');

select * from finish();
rollback;

-- Each search shape is planned on the index built for it. On a generated
-- drive (20,000 files, one user owning 8,000), with the planner left alone:
-- a plan regression fails here, not only in bench/search. search_files runs
-- as security definer, so the plans are those of its owner, as here.
begin;
select plan(12);

select tests.generate_search_data(20000, 10, 8000);

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

/* The SQL search_files runs for the heavy user. */
create function pg_temp.search(q text default '', fuzzy boolean default false, tag_names text[] default null,
  type_group text default null, modified_from timestamptz default null, modified_to timestamptz default null) returns text
language sql as $$
  select app.search_sql(tests.search_user_id(1), q, fuzzy,
    (select array_agg(id) from app.tags where owner_id = tests.search_user_id(1) and name = any(tag_names)),
    type_group, null, modified_from, modified_to, null, null, null, true, false, null, 51)
$$;

select pg_temp.plan_of(pg_temp.search('bud')) as substring \gset
select ok('files_search_trigrams' = any(pg_temp.indexes(:'substring')),
  'a 3-letter substring uses the owner trigram keys');
select ok('files_search_words' = any(pg_temp.indexes(:'substring')),
  'a query''s words use the owner word keys');
select ok(pg_temp.no_seq_scan(:'substring'), 'a 3-letter substring never scans the whole table');

select pg_temp.plan_of(pg_temp.search('budgte', true)) as misspelled \gset
select ok('files_search_name_trgm' = any(pg_temp.indexes(:'misspelled')),
  'a misspelled word uses the owner trigram index for near-misses');
select ok(pg_temp.no_seq_scan(:'misspelled'), 'a misspelled word never scans the whole table');

select pg_temp.plan_of(pg_temp.search(tag_names => array[
  (select name from app.tags where owner_id = tests.search_user_id(1) order by name offset 20 limit 1)])) as tagged \gset
select ok('files_search_tags' = any(pg_temp.indexes(:'tagged')), 'a tag filter uses the tag index');
select ok(pg_temp.no_seq_scan(:'tagged'), 'a tag filter never scans the whole table');

select pg_temp.plan_of(pg_temp.search(type_group => 'pdf', modified_from => now() - interval '400 days',
  modified_to => now() - interval '310 days')) as typed \gset
select ok('files_search_type_updated' = any(pg_temp.indexes(:'typed')), 'a type and date filter uses the type and date index');
select ok(pg_temp.no_seq_scan(:'typed'), 'a type and date filter never scans the whole table');

select pg_temp.plan_of(pg_temp.search('invoice', false,
  array[(select name from app.tags where owner_id = tests.search_user_id(1) order by name limit 1)],
  'pdf', now() - interval '400 days')) as combined \gset
select ok(pg_temp.indexes(:'combined') && array['files_search_trigrams', 'files_search_words', 'files_search_tags',
  'files_search_type_updated'], 'text with filters uses a search index');
select ok(pg_temp.no_seq_scan(:'combined'), 'text with filters never scans the whole table');

-- The estimate search_files gives past 1000 matches reads no table either.
select ok(pg_temp.no_seq_scan(pg_temp.plan_of('select from app.files f where ' || app.search_where(
  tests.search_user_id(1), 'ing', false, array[format('f.owner_id = %L::uuid', tests.search_user_id(1))]))),
  'the words of a query are found through the indexes');

select * from finish();
rollback;

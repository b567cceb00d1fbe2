-- A tag on many of a drive's files, searched alone: phase 1 walks the
-- owner's files newest first (app.search_newest_sql) instead of reading every
-- tagged file through the tag index. The answers are those of any search:
-- newest first, every file once to the end of the pages, the total exact up
-- to 1000 and an estimate past it, the trash and several tags respected.
begin;
select plan(12);

select tests.generate_search_data(20000, 10, 8000);

select tests.create_user('dense-ada@example.com', 'Ada') as ada \gset
select tests.create_user('dense-bob@example.com', 'Bob') as bob \gset

-- 1,400 files, the newest first by number; one in fifty in the trash.
insert into app.files (owner_id, name, mime_type, updated_at, trashed_at)
select :'ada', 'file_' || i || '.txt', 'text/plain', timestamptz '2025-01-01' - i * interval '1 minute',
       case when i % 50 = 0 then timestamptz '2025-02-01' end
from generate_series(1, 1400) i;
insert into app.tags (owner_id, name) values (:'ada', 'most'), (:'ada', 'half'), (:'ada', 'few');
-- 'most' on the first 1,200 (1,176 outside the trash), 'half' on the even ones (672), 'few' on three.
insert into app.file_tags (file_id, tag_id, owner_id)
select f.id, t.id, :'ada'
from (select f.id, replace(replace(f.name, 'file_', ''), '.txt', '')::integer as i
      from app.files f where f.owner_id = :'ada') f
join app.tags t on t.owner_id = :'ada'
 and ((t.name = 'most' and f.i <= 1200) or (t.name = 'half' and f.i % 2 = 0)
   or (t.name = 'few' and f.i in (7, 70, 701)));
analyze app.files;

/* The ids of the caller's live files carrying all of `tag_names`, newest first (no search code). */
create function pg_temp.expected(tag_names text[], in_trash boolean default false) returns jsonb language sql as $$
  select coalesce(jsonb_agg(f.id order by f.updated_at desc, f.id desc), '[]')
  from app.files f
  where f.owner_id = app.current_user_id() and (f.trashed_at is not null) = in_trash
    and (select count(*) from app.file_tags ft join app.tags t on t.id = ft.tag_id
         where ft.file_id = f.id and t.name = any(tag_names)) = cardinality(tag_names)
$$;
grant execute on function pg_temp.expected(text[], boolean) to authenticated;

/* Every page of a search by tags, to the end: the ids in order. */
create function pg_temp.all_pages(tag_names text[], page_size integer, in_trash boolean default false) returns jsonb
language plpgsql as $$
declare
  page jsonb;
  after text;
  ids jsonb := '[]';
begin
  loop
    page := api.search_files(tags => tag_names, trashed => in_trash, after => after, page_size => page_size);
    ids := ids || coalesce((select jsonb_agg(i -> 'id' order by n)
      from jsonb_array_elements(page -> 'items') with ordinality e(i, n)), '[]');
    after := page ->> 'next_cursor';
    exit when after is null;
  end loop;
  return ids;
end
$$;
grant execute on function pg_temp.all_pages(text[], integer, boolean) to authenticated;

/* The plan of `query` as JSON text. */
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare
  plan json;
begin
  execute 'explain (format json) ' || query into plan;
  return plan::text;
end
$$;

-- The walk itself, as search_files runs it (its owner's plans, its planner settings), for the
-- densest tag of a generated drive's user (20,000 files, one user owning 8,000).
select app.search_filters(tests.search_user_id(1), array[(
    select ft.tag_id from app.file_tags ft join app.files f on f.id = ft.file_id
    where f.owner_id = tests.search_user_id(1) group by ft.tag_id order by count(*) desc limit 1)],
  null, null, null, null, null, null, null, true, false) as dense_filters \gset
-- With the planner settings app.search_newest runs it with.
select ok((select proconfig @> array['enable_seqscan=off', 'enable_bitmapscan=off', 'enable_sort=off']
           from pg_proc where oid = 'app.search_newest(text[], jsonb, integer)'::regprocedure),
  'phase 1 for a dense tag runs with no plan but an index walk');
set local enable_seqscan = off;
set local enable_bitmapscan = off;
set local enable_sort = off;
select pg_temp.plan_of(app.search_newest_sql(:'dense_filters', null, 51)) as walk \gset
reset enable_seqscan;
reset enable_bitmapscan;
reset enable_sort;
select ok(:'walk' ~ '"Node Type": "Index Only Scan",[^}]*"Index Name": "files_search_owner_recent"'
    and :'walk' !~ 'files_search_tags' and :'walk' !~ '"Node Type": "Seq Scan",[^}]*"Relation Name": "files"',
  'a tag on many files is collected walking the owner''s files newest first, index-only, not through the tag index');

select tests.authenticate_as(:'ada');
select is((select jsonb_agg(i -> 'id' order by n) from jsonb_array_elements(api.search_files(tags => array['most']) -> 'items')
    with ordinality e(i, n)),
  (select jsonb_agg(x order by n) from jsonb_array_elements(pg_temp.expected(array['most'])) with ordinality e(x, n) where n <= 50),
  'the first page of a tag on most files is its 50 newest, outside the trash');
select is((select (r ->> 'total_is_exact')::boolean or (r ->> 'total')::integer <= 1000 from api.search_files(tags => array['most']) r),
  false, 'past 1000 files the total is an estimate above 1000');
select is(pg_temp.all_pages(array['most'], 97), pg_temp.expected(array['most']),
  'paging a tag on 1,176 files to the end gives each once, newest first');
select is((select r -> 'total' from api.search_files(tags => array['half']) r), '672'::jsonb,
  'a tag on half the files: the total is exact under 1000');
select is(pg_temp.all_pages(array['half'], 200), pg_temp.expected(array['half']),
  'and its pages give each of them once, newest first');
select is(pg_temp.all_pages(array['most', 'half'], 200), pg_temp.expected(array['most', 'half']),
  'two tags: only the files that carry both');
select is(pg_temp.all_pages(array['most'], 200, true), pg_temp.expected(array['most'], true),
  'in the trash: only the trashed files with the tag');
select is((select jsonb_agg(i ->> 'name' order by n) from jsonb_array_elements(api.search_files(tags => array['few']) -> 'items')
    with ordinality e(i, n)), '["file_7.txt", "file_70.txt", "file_701.txt"]'::jsonb,
  'a rare tag still finds its few files, newest first');
select is(jsonb_array_length(api.search_files(tags => array['most']) -> 'items' -> 0 -> 'tags'), 1,
  'each result carries its tags');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is(api.search_files(tags => array['most']) -> 'total', '0'::jsonb, 'another user finds nothing by my tag');
select tests.clear_authentication();

select * from finish();
rollback;

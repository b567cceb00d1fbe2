-- search_files: matching, ranking, every filter, cursor paging, content
-- search, odd input, and isolation between users.
begin;
select plan(42);

select tests.create_user('search-ada@example.com', 'Ada') as ada \gset
select tests.create_user('search-bob@example.com', 'Bob') as bob \gset

insert into app.folders (id, owner_id, parent_id, name) values
  ('5f000000-0000-4000-8000-000000000001', :'ada', null, 'Work'),
  ('5f000000-0000-4000-8000-000000000002', :'ada', '5f000000-0000-4000-8000-000000000001', 'Clients');

insert into app.files (id, owner_id, folder_id, name, mime_type, size, description, updated_at, trashed_at) values
  ('5e000000-0000-4000-8000-000000000001', :'ada', null, 'report.pdf', 'application/pdf', 1000, null, '2024-01-10Z', null),
  ('5e000000-0000-4000-8000-000000000002', :'ada', null, 'Report_2024_final.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 2000, null, '2024-03-01Z', null),
  ('5e000000-0000-4000-8000-000000000003', :'ada', '5f000000-0000-4000-8000-000000000001', 'quarterlyReport.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 3000, null, '2024-02-01Z', null),
  ('5e000000-0000-4000-8000-000000000004', :'ada', '5f000000-0000-4000-8000-000000000002', 'misreported-figures.csv', 'text/csv', 4000, null, '2024-04-01Z', null),
  ('5e000000-0000-4000-8000-000000000005', :'ada', '5f000000-0000-4000-8000-000000000002', 'IMG_20240501_0001.jpg', 'image/jpeg', 5000000, 'Beach at sunset, for the annual report', '2024-05-01Z', null),
  ('5e000000-0000-4000-8000-000000000006', :'ada', null, 'old report.txt', 'text/plain', 10, null, '2023-01-01Z', '2024-06-01Z'),
  ('5e000000-0000-4000-8000-000000000007', :'ada', null, 'notes.md', 'text/markdown', 600, null, '2024-06-01Z', null),
  ('5e000000-0000-4000-8000-000000000008', :'ada', null, '100%_done_file.txt', 'text/plain', 1, null, '2024-06-02Z', null),
  ('5e000000-0000-4000-8000-000000000009', :'bob', null, 'bob report.pdf', 'application/pdf', 1000, null, '2024-01-10Z', null);

create function pg_temp.names(result jsonb) returns text[] language sql as $$
  select coalesce(array_agg(i ->> 'name' order by n), '{}') from jsonb_array_elements(result -> 'items') with ordinality e(i, n)
$$;
-- New functions are not executable by PUBLIC (schemas_and_settings migration); the test acts as authenticated.
grant execute on function pg_temp.names(jsonb) to authenticated;

select tests.authenticate_as(:'ada');
select api.add_tags('5e000000-0000-4000-8000-000000000002', array['finance', 'q1']);
select api.add_tags('5e000000-0000-4000-8000-000000000003', array['finance']);
select api.add_tags('5e000000-0000-4000-8000-000000000007', array['Project Alpha']);

-- Matching and ranking.
select is(pg_temp.names(api.search_files(q => 'report')),
  array['report.pdf', 'Report_2024_final.docx', 'quarterlyReport.xlsx', 'misreported-figures.csv', 'IMG_20240501_0001.jpg'],
  'exact name first, then prefix, camelCase word, substring, then a description match; the trash is left out');
select is((api.search_files(q => 'report')) -> 'items' -> 0 ->> 'match', 'exact', 'the whole name without its extension is an exact match');
select is((api.search_files(q => 'report')) ->> 'total', '5', 'the total counts every match');
select is((api.search_files(q => 'report')) -> 'items' -> 2 -> 'highlight', '[{"start": 9, "length": 6}]'::jsonb,
  'the highlight marks the matched part of the name');
select is(pg_temp.names(api.search_files(q => 'qua rep')), array['quarterlyReport.xlsx'],
  'every query word must start a word of the name (camelCase split)');
select is(pg_temp.names(api.search_files(q => 'ort_2')), array['Report_2024_final.docx'],
  'a substring with an underscore matches literally');
select is(pg_temp.names(api.search_files(q => 'reprot')), array['Report_2024_final.docx', 'quarterlyReport.xlsx', 'report.pdf'],
  'a misspelled word still finds the near matches, camelCase words too, equally near ones most recent first');
select is((api.search_files(q => 'reprot')) -> 'items' -> 0 ->> 'match', 'fuzzy', 'near matches are marked fuzzy');
select is(pg_temp.names(api.search_files(q => 're')),
  array['Report_2024_final.docx', 'report.pdf', 'quarterlyReport.xlsx', 'IMG_20240501_0001.jpg'],
  'two letters (no substring key) match the start of words: names first, then other words; not the middle of a word');
select is((select array_agg(i ->> 'match' order by n) from jsonb_array_elements(api.search_files(q => 're') -> 'items') with ordinality e(i, n)),
  array['prefix', 'prefix', 'word', 'text'], 'and are ranked as prefix, word and text matches');
select is(pg_temp.names(api.search_files(q => 'alpha')), array['notes.md'], 'a tag word finds its files');
select is(pg_temp.names(api.search_files(q => 'sunset')), array['IMG_20240501_0001.jpg'], 'a description word finds its file');
select is(pg_temp.names(api.search_files(q => '100%')), array['100%_done_file.txt'], 'a % in the query matches a literal %');
select is((pg_temp.names(api.search_files(q => 'RÉPORT_2024')))[1:1], array['Report_2024_final.docx'], 'case and accents are ignored');

-- Odd input answers, never fails.
select is((api.search_files(q => '%%%')) ->> 'total', '0', 'a query of only special characters finds nothing');
select is((api.search_files(q => $$'); drop table app.files; --$$)) ->> 'total', '0', 'SQL in the query is only text');
select lives_ok($$select api.search_files(q => repeat('report ', 1500))$$, 'a 10,000-character query answers');
select is((api.search_files(q => '   ')) ->> 'total', '7', 'a blank query with no filter lists every file outside the trash');
select throws_ok($$select api.search_files(type_group => 'movies')$$, '22023', null, 'an unknown type group is a 400');
select throws_ok($$select api.search_files(page_size => 0)$$, '22023', null, 'page_size 0 is a 400');
select throws_ok($$select api.search_files(after => 'not a cursor')$$, '22023', null, 'a forged cursor is a 400');

-- Filters.
select is(pg_temp.names(api.search_files(tags => array['finance'])), array['Report_2024_final.docx', 'quarterlyReport.xlsx'],
  'a tag filter, newest first');
select is(pg_temp.names(api.search_files(tags => array['FINANCE', 'q1'])), array['Report_2024_final.docx'],
  'several tags must all be on the file (names normalised)');
select is((api.search_files(tags => array['nope'])) ->> 'total', '0', 'a tag I do not have matches nothing');
select is(pg_temp.names(api.search_files(type_group => 'spreadsheet')), array['misreported-figures.csv', 'quarterlyReport.xlsx'],
  'a type group filter covers every MIME type of the group');
select is(pg_temp.names(api.search_files(mime_type => 'text/CSV')), array['misreported-figures.csv'], 'a MIME type filter');
select is(pg_temp.names(api.search_files(modified_from => '2024-02-01Z', modified_to => '2024-04-01Z')),
  array['Report_2024_final.docx', 'quarterlyReport.xlsx'], 'a modified date range: from inclusive, to exclusive');
select is(pg_temp.names(api.search_files(size_min => 2000, size_max => 4000)),
  array['misreported-figures.csv', 'Report_2024_final.docx', 'quarterlyReport.xlsx'], 'a size range, inclusive');
select is(pg_temp.names(api.search_files(folder_id => '5f000000-0000-4000-8000-000000000001')),
  array['IMG_20240501_0001.jpg', 'misreported-figures.csv', 'quarterlyReport.xlsx'], 'a folder with its sub-folders');
select is(pg_temp.names(api.search_files(folder_id => '5f000000-0000-4000-8000-000000000001', include_subfolders => false)),
  array['quarterlyReport.xlsx'], 'a folder without its sub-folders');
select is(pg_temp.names(api.search_files(q => 'report', trashed => true)), array['old report.txt'], 'trashed => true searches the trash');
select is((api.search_files(q => 'report', trashed => null)) ->> 'total', '6', 'trashed => null searches everywhere');
select is(pg_temp.names(api.search_files(q => 'report', tags => array['finance'], type_group => 'document', modified_from => '2024-01-01Z')),
  array['Report_2024_final.docx'], 'text, tag, type and date combine');

-- Content search.
select api.set_file_content_text('5e000000-0000-4000-8000-000000000007', 'Minutes: the zanzibar launch moves to May.');
select is(pg_temp.names(api.search_files(q => 'zanzibar')), array['notes.md'], 'the text of a text-like file is searchable');
select is((api.search_files(q => 'zanzibar')) -> 'items' -> 0 ->> 'match', 'text', 'a content match ranks as text');
select api.set_file_content_text('5e000000-0000-4000-8000-000000000007', null);
select is((api.search_files(q => 'zanzibar')) ->> 'total', '0', 'clearing the text removes it from search');

-- Cursor paging while files are added: no duplicates, no gaps.
select tests.clear_authentication();
insert into app.files (owner_id, name, mime_type, updated_at)
select :'ada', format('page-%s.txt', lpad(i::text, 3, '0')), 'text/plain', '2022-01-01Z'::timestamptz + i * interval '1 hour'
from generate_series(1, 45) i;
select tests.authenticate_as(:'ada');
create temporary table seen (n integer, id uuid);
do $$
declare
  page jsonb;
  cursor text;
  pages integer := 0;
  me uuid := app.current_user_id();
begin
  loop
    page := api.search_files(q => 'page', page_size => 10, after => cursor);
    insert into seen select pages, (i ->> 'id')::uuid from jsonb_array_elements(page -> 'items') i;
    pages := pages + 1;
    -- Someone uploads more matching files while we page.
    perform tests.clear_authentication();
    insert into app.files (owner_id, name, mime_type) values (me, format('page-new-%s.txt', pages), 'text/plain');
    perform tests.authenticate_as(me);
    cursor := page ->> 'next_cursor';
    exit when cursor is null or pages > 20;
  end loop;
end
$$;
select is((select count(*) from seen)::integer, (select count(distinct id) from seen)::integer, 'paging returns no file twice');
select ok((select count(*) from seen s join app.files f on f.id = s.id where f.name like 'page-0%') = 45,
  'paging reaches every file that existed when it started');
select is((select count(*) from seen)::integer - 45 >= 0, true, 'files added meanwhile may appear, never at the cost of others');

-- Isolation.
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is(pg_temp.names(api.search_files(q => 'report')), array['bob report.pdf'], 'another user finds only their own files');
select is((api.search_files(tags => array['finance'])) ->> 'total', '0', 'another user cannot filter by my tags');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select api.search_files(q => 'report')$$, '42501', null, 'anon cannot search');
select tests.clear_authentication();

select * from finish();
rollback;

-- Tags: each user's own vocabulary, normalised, limited, and invisible to
-- everyone else.
begin;
select plan(33);

select tests.create_user('tag-ada@example.com', 'Ada') as ada \gset
select tests.create_user('tag-bob@example.com', 'Bob') as bob \gset
insert into app.files (id, owner_id, name, mime_type, updated_at) values
  ('7a000000-0000-4000-8000-000000000001', :'ada', 'report.pdf', 'application/pdf', '2020-01-01Z'),
  ('7a000000-0000-4000-8000-000000000002', :'ada', 'holiday.jpg', 'image/jpeg', '2020-01-01Z'),
  ('7a000000-0000-4000-8000-000000000003', :'bob', 'bob-notes.txt', 'text/plain', '2020-01-01Z');

-- Normalisation.
select tests.authenticate_as(:'ada');
select is(
  (select jsonb_agg(t ->> 'name') from jsonb_array_elements(
    api.add_tags('7a000000-0000-4000-8000-000000000001', array['  Work ', 'WORK', 'tax   2024', 'Work'])) t),
  '["tax 2024", "work"]'::jsonb,
  'tags are lower-cased, trimmed, blanks collapsed and de-duplicated');
select is((select count(*) from api.tags)::integer, 2, 'adding tags creates them once in my vocabulary');
select is(jsonb_array_length(api.add_tags('7a000000-0000-4000-8000-000000000001', array['work'])), 2,
  'adding a tag the file has is a no-op');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000001', array['   '])$$,
  '22023', 'A tag is 1 to 50 characters long.', 'a blank tag is refused');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000001', array[repeat('x', 51)])$$,
  '22023', 'A tag is 1 to 50 characters long.', 'a tag over 50 characters is refused');
select lives_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000002', array[repeat('x', 50)])$$,
  'a tag of exactly 50 characters is accepted');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000001', array[null::text])$$,
  '22023', null, 'a null tag is refused');

-- The limit of 50 per file, counted with the tags the file already has.
select lives_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000002',
  (select array_agg('t' || i) from generate_series(1, 49) i))$$, 'a file can carry 50 tags');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000002', array['one more'])$$,
  'P0001', 'A file can carry at most 50 tags.', 'the 51st tag on a file is refused');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000001',
  (select array_agg('u' || i) from generate_series(1, 51) i))$$,
  'P0001', 'A file can carry at most 50 tags.', 'more than 50 tags in one call are refused');

-- Listing with counts, renaming, merging.
select is((select file_count from api.list_tags() where name = 'work'), 1::bigint, 'list_tags counts the files carrying a tag');
select is((select count(*) from api.list_tags())::integer, 52, 'list_tags lists every tag of mine');
select api.add_tags('7a000000-0000-4000-8000-000000000002', array[]::text[]);
select is(api.rename_tag((select id from app.tags where name = 'tax 2024'), ' Taxes ') ->> 'name', 'taxes',
  'renaming normalises the new name');
select throws_ok(format($$select api.rename_tag(%L, 'work')$$, (select id from app.tags where name = 'taxes')),
  '23505', 'You already have a tag with that name.', 'renaming onto an existing name is refused: merge instead');
select ok((select search_vector @@ 'taxes'::tsquery from app.files where id = '7a000000-0000-4000-8000-000000000001'),
  'a renamed tag is searchable under its new name');
select api.add_tags('7a000000-0000-4000-8000-000000000001', array['t1']);
select is(api.merge_tags((select id from app.tags where name = 't1'), (select id from app.tags where name = 'work')) ->> 'name',
  'work', 'merge_tags answers the target tag');
select is((select file_count from api.list_tags() where name = 'work'), 2::bigint,
  'merging moves the source tag''s files to the target');
select ok(not exists (select from app.tags where name = 't1'), 'merging deletes the source tag');
select throws_ok(format($$select api.merge_tags(%L, %L)$$, (select id from app.tags where name = 'work'), (select id from app.tags where name = 'work')),
  '22023', null, 'a tag cannot be merged into itself');

-- Removing.
select is(jsonb_array_length(api.remove_tag('7a000000-0000-4000-8000-000000000001', (select id from app.tags where name = 'taxes'))), 1,
  'remove_tag takes one tag off a file and answers the rest');
select throws_ok(format($$select api.remove_tag('7a000000-0000-4000-8000-000000000001', %L)$$, (select id from app.tags where name = 'taxes')),
  'PT404', null, 'removing a tag the file does not carry is a 404');
select ok((select tag_ids = array[(select id from app.tags where name = 'work')] from app.files where id = '7a000000-0000-4000-8000-000000000001'),
  'the search index follows the tags on a file');
select is((select updated_at from app.files where id = '7a000000-0000-4000-8000-000000000001'), '2020-01-01Z'::timestamptz,
  'tagging a file does not change its modified time');

-- Isolation: Bob sees none of Ada's tags and cannot touch them or her files.
select tests.clear_authentication();
select id as ada_work from app.tags where owner_id = :'ada' and name = 'work' \gset
select tests.authenticate_as(:'bob');
select is((select count(*) from api.tags)::integer, 0, 'another user sees none of my tags');
select is((select count(*) from api.file_tags)::integer, 0, 'another user sees none of my file tags');
select is((select count(*) from api.list_tags())::integer, 0, 'another user''s list_tags shows only their own');
select throws_ok($$select api.add_tags('7a000000-0000-4000-8000-000000000001', array['mine now'])$$,
  'PT404', 'File not found.', 'another user cannot tag my file');
select throws_ok(format($$select api.rename_tag(%L, 'pwned')$$, :'ada_work'),
  'PT404', 'Tag not found.', 'another user cannot rename my tag');
select throws_ok(format($$select api.merge_tags(%L, %L)$$,
    :'ada_work', :'ada_work'),
  'PT404', 'Tag not found.', 'another user cannot merge my tags');
select throws_ok(format($$insert into app.file_tags (file_id, tag_id, owner_id) values ('7a000000-0000-4000-8000-000000000003', %L, %L)$$,
    :'ada_work', :'bob'),
  '23503', null, 'my tag cannot be attached to another user''s file, even by writing the table');
select throws_ok(format($$insert into app.file_tags (file_id, tag_id, owner_id) values ('7a000000-0000-4000-8000-000000000001', %L, %L)$$,
    :'ada_work', :'ada'),
  '42501', null, 'nobody can write a link in another user''s name');
select tests.clear_authentication();

-- Anon has no tags at all.
select tests.authenticate_as_role('anon');
select throws_ok($$select api.list_tags()$$, '42501', null, 'anon cannot list tags');
select throws_ok($$select * from api.tags$$, '42501', null, 'anon cannot read tags');
select tests.clear_authentication();

select * from finish();
rollback;

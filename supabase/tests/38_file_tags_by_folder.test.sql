-- The tags of a folder's files in one request: api.file_tags by folder_id,
-- still only the caller's own links.
begin;
select plan(7);

select tests.create_user('ftf-ada@example.com', 'Ada') as ada \gset
select tests.create_user('ftf-bob@example.com', 'Bob') as bob \gset
insert into app.folders (id, owner_id, name) values
  ('7f000000-0000-4000-8000-0000000000f1', :'ada', 'Taxes');
insert into app.files (id, owner_id, folder_id, name, mime_type) values
  ('7f000000-0000-4000-8000-000000000001', :'ada', null, 'root.txt', 'text/plain'),
  ('7f000000-0000-4000-8000-000000000002', :'ada', '7f000000-0000-4000-8000-0000000000f1', 'return.pdf', 'application/pdf'),
  ('7f000000-0000-4000-8000-000000000003', :'ada', '7f000000-0000-4000-8000-0000000000f1', 'receipt.jpg', 'image/jpeg'),
  ('7f000000-0000-4000-8000-000000000004', :'bob', null, 'bob.txt', 'text/plain');

select tests.authenticate_as(:'ada');
select api.add_tags('7f000000-0000-4000-8000-000000000001', array['inbox']);
select api.add_tags('7f000000-0000-4000-8000-000000000002', array['taxes', '2024']);
select api.add_tags('7f000000-0000-4000-8000-000000000003', array['taxes']);
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select api.add_tags('7f000000-0000-4000-8000-000000000004', array['inbox', 'bob only']);
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select results_eq(
  $$select file_id::text, name from api.file_tags where folder_id = '7f000000-0000-4000-8000-0000000000f1' order by file_id, name$$,
  $$values ('7f000000-0000-4000-8000-000000000002', '2024'), ('7f000000-0000-4000-8000-000000000002', 'taxes'),
           ('7f000000-0000-4000-8000-000000000003', 'taxes')$$,
  'a folder''s file tags come in one query by folder_id');
select results_eq(
  $$select file_id::text, name from api.file_tags where folder_id is null$$,
  $$values ('7f000000-0000-4000-8000-000000000001', 'inbox')$$,
  'the root''s file tags are asked with folder_id is null, and hold only my files');
select is((select count(*) from api.file_tags)::integer, 4, 'the view still lists every tag on my files, one row per file and tag');
select is(
  (select array_agg(column_name::text order by ordinal_position) from information_schema.columns
    where table_schema = 'api' and table_name = 'file_tags'),
  array['file_id', 'tag_id', 'name', 'created_at', 'folder_id'],
  'folder_id is added after the columns clients already read');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is((select count(*) from api.file_tags where folder_id = '7f000000-0000-4000-8000-0000000000f1')::integer, 0,
  'another user sees none of my folder''s file tags');
select results_eq($$select name from api.file_tags where folder_id is null order by name$$,
  $$values ('bob only'), ('inbox')$$, 'another user''s root shows only their own tags, even with a tag of the same name');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.file_tags$$, '42501', null, 'anon cannot read file tags');
select tests.clear_authentication();

select * from finish();
rollback;

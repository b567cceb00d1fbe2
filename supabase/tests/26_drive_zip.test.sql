-- Zips of the drive: app.zip_entries answers, as the caller and under RLS,
-- the entries of a zip of their own files and folders. The owner gets a
-- folder recursively (empty folders too, trashed items left out) and chosen
-- files; another user, an admin who reads every file's metadata, and anon
-- get nothing of it; a chosen item in the trash refuses the zip.
begin;
select plan(13);

select tests.create_user('zip-ada@example.com', 'Ada') as ada \gset
select tests.create_user('zip-bob@example.com', 'Bob') as bob \gset
select tests.create_user('zip-root@example.com', 'Root') as root \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'admin';

-- Ada's tree: Reports/{q1.txt, Old/{old.txt}, Empty/, Gone/ (trashed) {lost.txt}, binned.txt (trashed)} and top.txt.
insert into app.folders (id, owner_id, parent_id, name, trashed_at) values
  ('26000000-0000-4000-8000-0000000000f1', :'ada', null, 'Reports', null),
  ('26000000-0000-4000-8000-0000000000f2', :'ada', '26000000-0000-4000-8000-0000000000f1', 'Old', null),
  ('26000000-0000-4000-8000-0000000000f3', :'ada', '26000000-0000-4000-8000-0000000000f1', 'Empty', null),
  ('26000000-0000-4000-8000-0000000000f4', :'ada', '26000000-0000-4000-8000-0000000000f1', 'Gone', now());
insert into app.files (id, owner_id, folder_id, name, trashed_at) values
  ('26000000-0000-4000-8000-000000000001', :'ada', '26000000-0000-4000-8000-0000000000f1', 'q1.txt', null),
  ('26000000-0000-4000-8000-000000000002', :'ada', '26000000-0000-4000-8000-0000000000f2', 'old.txt', null),
  ('26000000-0000-4000-8000-000000000003', :'ada', '26000000-0000-4000-8000-0000000000f4', 'lost.txt', now()),
  ('26000000-0000-4000-8000-000000000004', :'ada', '26000000-0000-4000-8000-0000000000f1', 'binned.txt', now()),
  ('26000000-0000-4000-8000-000000000005', :'ada', null, 'top.txt', null);
insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type)
select id, :'ada', 1, 'objects/' || name, 3, repeat('a', 64), 'text/plain' from app.files where owner_id = :'ada';
update app.files f set current_version_id = v.id from app.file_versions v where v.file_id = f.id;

select tests.authenticate_as(:'ada');
select results_eq(
  $$ select path, object_key, size from app.zip_entries(folder_ids => array['26000000-0000-4000-8000-0000000000f1']::uuid[]) $$,
  $$ values ('Reports/', null, null), ('Reports/Empty/', null, null), ('Reports/Old/', null, null),
            ('Reports/Old/old.txt', 'objects/old.txt', 3::bigint), ('Reports/q1.txt', 'objects/q1.txt', 3::bigint) $$,
  'the owner zips a folder recursively, parents first, empty folders kept, what is trashed inside left out');
select results_eq(
  $$ select path from app.zip_entries(array['26000000-0000-4000-8000-000000000005']::uuid[], array['26000000-0000-4000-8000-0000000000f2']::uuid[]) $$,
  $$ values ('Old/'), ('Old/old.txt'), ('top.txt') $$,
  'and a selection of files and folders, each at the top of the zip');
select results_eq(
  $$ select path from app.zip_entries(folder_ids => array['26000000-0000-4000-8000-0000000000f2', '26000000-0000-4000-8000-0000000000f1']::uuid[]) $$,
  $$ values ('Old/'), ('Old/old.txt'), ('Reports/'), ('Reports/Empty/'), ('Reports/Old/'), ('Reports/Old/old.txt'), ('Reports/q1.txt') $$,
  'each chosen item''s entries come together, in the order chosen');
select throws_ok($$ select * from app.zip_entries(array['26000000-0000-4000-8000-000000000004']::uuid[]) $$,
  'PT404', 'File not found.', 'a chosen file in the trash refuses the zip');
select throws_ok($$ select * from app.zip_entries(folder_ids => array['26000000-0000-4000-8000-0000000000f4']::uuid[]) $$,
  'PT404', 'Folder not found.', 'and so does a chosen folder in the trash');
select throws_ok($$ select * from app.zip_entries(array[]::uuid[], null) $$,
  'PT400', 'Choose at least one file or folder to zip.', 'an empty selection is bad input');
select throws_ok($$ select * from app.zip_entries((select array_agg(gen_random_uuid()) from generate_series(1, 1001))) $$,
  'PT400', 'A zip can hold at most 1000 chosen files and folders.', 'and so is a selection of more than 1000 items');

-- Bob may name Ada's ids, but gets nothing of hers.
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok($$ select * from app.zip_entries(folder_ids => array['26000000-0000-4000-8000-0000000000f1']::uuid[]) $$,
  'PT404', 'Folder not found.', 'another user cannot zip my folder');
select throws_ok($$ select * from app.zip_entries(array['26000000-0000-4000-8000-000000000005']::uuid[]) $$,
  'PT404', 'File not found.', 'nor my file');

-- An admin reads every file's metadata, never its bytes.
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select ok((select count(*) from app.files where owner_id = :'ada') > 0, 'an admin can read my files'' metadata');
select throws_ok($$ select * from app.zip_entries(array['26000000-0000-4000-8000-000000000005']::uuid[]) $$,
  'PT404', 'File not found.', 'but cannot zip their bytes');

-- Ada's session ends: a zip URL minted for it stops working.
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
reset role;
update app.sessions set ended_at = now() where user_id = :'ada';
set local role authenticated;
select throws_ok($$ select * from app.zip_entries(array['26000000-0000-4000-8000-000000000005']::uuid[]) $$,
  'PT401', null, 'once the session that asked has ended, nothing is zipped');

select tests.clear_authentication();
set local role anon;
select throws_ok($$ select * from app.zip_entries(array['26000000-0000-4000-8000-000000000005']::uuid[]) $$,
  '42501', null, 'anon cannot call it at all');
reset role;

select * from finish();
rollback;

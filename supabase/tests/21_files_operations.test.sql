-- Drive operations: folders, rename, move, copy, trash, restore, purge,
-- versions, quota on copies, and that another user can do none of it.
begin;
select plan(42);

select tests.create_user('ops-ada@example.com', 'Ada') as ada \gset
select tests.create_user('ops-bob@example.com', 'Bob') as bob \gset
insert into private.settings (key, value) values ('files.default_quota', '1000'), ('files.max_versions', '2')
on conflict (key) do update set value = excluded.value;

-- A helper to make a complete file as the current user.
create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

select tests.authenticate_as(:'ada');
select (api.create_folder('Docs')).id as docs \gset
select (api.create_folder('2024', :'docs')).id as y2024 \gset
select throws_ok($$select api.create_folder('docs')$$, 'PT409', 'A folder named "docs" already exists in this folder.',
  'folder names are unique per folder, case-insensitively');
select pg_temp.put('a.txt', 100) as a \gset
select pg_temp.put('b.txt', 100, :'docs') as b \gset

-- Rename and move.
select is((api.rename_file(:'a', 'Notes.txt')).name, 'Notes.txt', 'a file can be renamed');
select throws_ok(format($$select api.rename_file(%L, 'tool.exe')$$, :'a'), 'PT415', null, 'renaming to a refused type is refused');
select throws_ok(format($$select api.rename_file(%L, 'x/y')$$, :'a'), 'PT400', null, 'renaming checks the name');
select is((api.move_file(:'a', :'docs')).folder_id, :'docs'::uuid, 'a file can be moved into a folder');
select throws_ok(format($$select api.rename_file(%L, 'B.TXT')$$, :'a'), 'PT409', 'A file named "B.TXT" already exists in this folder.',
  'a rename onto a taken name is refused');
select is((api.move_file(:'a', null)).folder_id, null, 'a file can be moved back to the root');
select throws_ok(format($$select api.move_folder(%L, %L)$$, :'docs', :'y2024'), 'PT409',
  'A folder cannot be moved into itself or one of its subfolders.', 'a folder cannot move below itself');
select is((api.rename_folder(:'y2024', '2025')).name, '2025', 'a folder can be renamed');
select is(array(select name from api.folder_path(:'y2024')), array['Docs', '2025'], 'breadcrumbs run from the root down');

-- Copy shares the object and counts against the quota.
select (api.copy_file(:'a')).name as copy_name \gset
select is(:'copy_name'::text, 'Notes (1).txt', 'a copy next to the original gets a free name');
select is((select used from api.storage_usage), 300::bigint, 'a copy counts against the quota');
select is((select count(distinct object_key)::int from app.file_versions), 2, 'a copy shares the original''s bytes');
select pg_temp.put('big.txt', 500) as big \gset
select throws_ok(format($$select api.copy_file(%L)$$, :'big'), 'PT413', null, 'a copy that does not fit the quota is refused');

-- Versions.
select pg_temp.put('Notes.txt', 10) as a2 \gset
select is(:'a2'::uuid, :'a'::uuid, 'uploading to the same path adds a version');
select id as v1 from app.file_versions where file_id = :'a' and version = 1 \gset
select is((api.restore_version(:'v1')).size, 100::bigint, 'an old version can be restored as the newest');
select is((select array_agg(version order by version) from api.file_versions where file_id = :'a'), array[2, 3],
  'only the newest versions are kept');

-- Trash.
select is((api.trash_file(:'b')).trashed_at is not null, true, 'a file can be trashed');
select pg_temp.put('b.txt', 10, :'docs') as b_again \gset
select is((api.restore_file(:'b')).name, 'b (1).txt', 'a restored file whose name was taken meanwhile is renamed');
select api.trash_folder(:'docs');
select is((select count(*)::int from api.files where folder_id = :'docs' and trashed_at is not null), 2,
  'trashing a folder trashes what is in it');
select throws_ok($$select app.begin_upload('x.txt', 1, 'text/plain', (select id from api.folders where name = 'Docs'))$$, 'PT404',
  'Folder not found.', 'nothing can be uploaded into a trashed folder');
select api.restore_folder(:'docs');
select is((select count(*)::int from api.files where folder_id = :'docs' and trashed_at is null), 2,
  'restoring a folder restores what was trashed with it');
select is((select trashed_at from api.folders where id = :'y2024'), null, 'restoring a folder restores its subfolders');

-- Another user can do none of it.
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok(format($$select api.rename_file(%L, 'mine.txt')$$, :'a'), 'PT404', 'File not found.', 'another user cannot rename my file');
select throws_ok(format($$select api.move_file(%L, null)$$, :'a'), 'PT404', 'File not found.', 'another user cannot move my file');
select throws_ok(format($$select api.copy_file(%L)$$, :'a'), 'PT404', 'File not found.', 'another user cannot copy my file');
select throws_ok(format($$select api.trash_file(%L)$$, :'a'), 'PT404', 'File not found.', 'another user cannot trash my file');
select throws_ok(format($$select api.restore_file(%L)$$, :'a'), 'PT404', 'File not found.', 'another user cannot restore my file');
select throws_ok(format($$select api.purge_file(%L)$$, :'a'), 'PT404', 'File not found.', 'another user cannot purge my file');
select throws_ok(format($$select api.restore_version(%L)$$, :'v1'), 'PT404', 'Version not found.', 'another user cannot restore my version');
select throws_ok(format($$select api.trash_folder(%L)$$, :'docs'), 'PT404', 'Folder not found.', 'another user cannot trash my folder');
select throws_ok(format($$select api.create_folder('x', %L)$$, :'docs'), 'PT404', 'Folder not found.', 'another user cannot create in my folder');
select is(api.empty_trash(), 0, 'emptying my trash touches nobody else''s');

-- Purge and empty trash free the quota and queue the bytes.
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.trash_file(:'big');
select is(api.empty_trash(), 1, 'emptying the trash deletes what is in it');
select is((select count(*)::int from api.files where id = :'big'), 0, 'an emptied file is gone');
select api.purge_file(:'b_again');
select tests.clear_authentication();
select is((select count(*)::int from app.storage_garbage), 2, 'purged files'' objects are queued for deletion once unreferenced');
select is((select used from app.storage_accounts where owner_id = :'ada'),
  (select sum(size)::bigint from app.file_versions where owner_id = :'ada'), 'usage always equals the sum of kept versions');
select ok(exists (select from app.activity_log where actor_id = :'ada' and action = 'file.rename'), 'operations are logged');

-- An admin reads every file's metadata, never the bytes, and their own drive stays theirs.
select tests.create_user('ops-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
select tests.authenticate_as(:'admin');
select ok((select count(*) from api.admin_files where owner_id = :'ada') > 0, 'an admin lists every user''s file metadata');
select is((select count(*)::int from api.files), 0, 'an admin''s own drive lists only their files');
select is(app.version_for_download(:'a', null), null, 'an admin cannot download another user''s file');
select tests.clear_authentication();

-- Auto-purge after the retention period.
update app.files set trashed_at = now() - interval '31 days' where id = :'a';
select is(app.purge_expired_trash(), 1, 'the trash is purged after the retention period');

select * from finish();
rollback;

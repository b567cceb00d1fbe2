-- Shared access: a recipient of an active share reads what it reaches
-- through the owner's own tables, api views (folders, versions), downloads and
-- breadcrumbs (the shared folder
-- and everything under it that is not trashed, or the one shared file);
-- editors also read the versions and change what is inside the shared
-- folder (never the folder itself, never outside, no re-sharing); nothing
-- after revocation or expiry; another user, anon and the admin read none of
-- it through the api.
begin;
select plan(54);

select tests.create_user('shared-ada@example.com', 'Ada') as ada \gset
select tests.create_user('shared-bob@example.com', 'Bob') as bob \gset
select tests.create_user('shared-cy@example.com', 'Cy') as cy \gset
select tests.create_user('shared-dan@example.com', 'Dan') as dan \gset
select tests.create_user('shared-eve@example.com', 'Eve') as eve \gset
select tests.create_user('shared-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

-- Ada's drive: Parent/{Team/{notes.txt, binned.txt (trashed), Sub/deep.txt}, Sibling/outside.txt, report.txt}.
select tests.authenticate_as(:'ada');
select (api.create_folder('Parent')).id as parent \gset
select (api.create_folder('Team', :'parent')).id as team \gset
select (api.create_folder('Sub', :'team')).id as sub \gset
select (api.create_folder('Sibling', :'parent')).id as sibling \gset
select pg_temp.put('notes.txt', 5, :'team') as notes \gset
select pg_temp.put('binned.txt', 5, :'team') as binned \gset
select pg_temp.put('deep.txt', 5, :'sub') as deep \gset
select pg_temp.put('outside.txt', 5, :'sibling') as outside \gset
select pg_temp.put('report.txt', 5, :'parent') as report \gset
select api.trash_file(:'binned');
select current_version_id as first_version from app.files where id = :'notes' \gset
select api.share_with('shared-bob@example.com', folder_id => :'team', role => 'viewer') -> 'share' ->> 'id' as bob_share \gset
select api.share_with('shared-cy@example.com', folder_id => :'team', role => 'editor') -> 'share' ->> 'id' as cy_share \gset
select api.share_with('shared-dan@example.com', file_id => :'report', expires_at => now() + interval '1 day') -> 'share' ->> 'id' as dan_share \gset
select tests.clear_authentication();
-- A second version of notes.txt (as a new upload of it would make).
select (app.add_version(f, 'test/notes-2', 6, repeat('b', 64), 'text/plain')).id as second_version from app.files f where f.id = :'notes' \gset

-- The owner.
select tests.authenticate_as(:'ada');
select is((select count(*)::int from api.files), 5, 'the owner lists all her files, the trashed one included');
select is((select count(*)::int from api.file_versions where file_id = :'notes'), 2, 'and every version');
select tests.clear_authentication();

-- A viewer of the folder.
select tests.authenticate_as(:'bob');
select is(array(select name from api.folders order by name), array['Sub'],
  'a viewer lists the folders under the shared folder (the shared folder itself is in shared_with_me), not its parent or sibling');
select is(array(select name from app.files where folder_id = :'team' order by name), array['notes.txt'],
  'lists the live files in it, not the owner''s trash');
select is(array(select name from app.files where folder_id = :'sub'), array['deep.txt'], 'and those further down');
select is((select count(*)::int from app.files where id in (:'outside', :'report', :'binned')), 0,
  'nothing outside the shared folder, and nothing trashed');
select is((select count(*)::int from app.files where id in (:'outside', :'report')), 0, 'not in the tables either');
select is((select count(*)::int from api.folders where parent_id is null) + (select count(*)::int from app.files where folder_id is null), 0,
  'the root is still the viewer''s own');
select is((select count(*)::int from api.file_versions) + (select count(*)::int from app.file_versions), 0,
  'nor reads the history');
select is(app.start_download(:'notes') ->> 'version_id', :'second_version',
  'a viewer downloads the current bytes of a shared file, through the owner''s download path');
select throws_ok(format($$select app.start_download(%L, %L)$$, :'notes', :'first_version'), 'PT404', null, 'but no older version');
select throws_ok(format($$select app.start_download(%L)$$, :'outside'), 'PT404', null, 'nor anything outside the share');
select is(array(select name from api.folder_path(:'sub')), array['Team', 'Sub'],
  'breadcrumbs inside a shared folder start at the shared folder, naming none of the owner''s folders above it');
select throws_ok(format($$select api.folder_path(%L)$$, :'parent'), 'PT404', null, 'the owner''s folder above the share has no breadcrumbs');
select tests.clear_authentication();

-- An editor of the folder.
select tests.authenticate_as(:'cy');
select is(array(select version from api.file_versions where file_id = :'notes' order by version), array[1, 2],
  'an editor reads the versions of shared files');
select is((select count(*)::int from api.file_versions where file_id in (:'outside', :'report')), 0, 'nothing outside the share');
select is(app.start_download(:'notes', :'first_version') ->> 'version', '1', 'an editor downloads an older version');
select tests.clear_authentication();

-- A file shared by itself, with an expiry.
select tests.authenticate_as(:'dan');
select is(array(select name from app.files), array['report.txt'], 'the recipient of a file reads that file only');
select is((select count(*)::int from api.folders), 0, 'and no folder');
select is(app.start_download(:'report') ->> 'file_id', :'report', 'and downloads it');
select tests.clear_authentication();
update app.shares set expires_at = now() - interval '1 second' where id = :'dan_share';
select tests.authenticate_as(:'dan');
select is((select count(*)::int from app.files) + (select count(*)::int from app.files), 0, 'an expired share reads nothing');
select throws_ok(format($$select app.start_download(%L)$$, :'report'), 'PT404', null, 'nor downloads');
select tests.clear_authentication();

-- Another user, anon, the admin.
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.files) + (select count(*)::int from api.folders) + (select count(*)::int from api.file_versions), 0,
  'another user reads nothing of the shared items through the api');
select is((select count(*)::int from app.files) + (select count(*)::int from app.folders) + (select count(*)::int from app.file_versions), 0,
  'nor in the tables');
select throws_ok(format($$select app.start_download(%L)$$, :'notes'), 'PT404', null, 'nor downloads them');
select throws_ok(format($$select api.folder_path(%L)$$, :'team'), 'PT404', null, 'nor reads their breadcrumbs');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from app.files$$, '42501', null, 'anon reads no files');
select throws_ok($$select * from api.folders$$, '42501', null, 'nor folders');
select throws_ok($$select * from app.file_versions$$, '42501', null, 'nor versions');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from api.files where owner_id = :'ada') + (select count(*)::int from api.file_versions where file_id = :'notes'), 0,
  'the admin''s api views hold only their own files');
select is((select count(*)::int from app.files where owner_id = :'ada'), 5, 'the admin reads file metadata in the tables, as before');
select tests.clear_authentication();

-- The owner trashes a folder, then revokes.
select tests.authenticate_as(:'ada');
select api.trash_folder(:'sub');
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from api.folders where id = :'sub') + (select count(*)::int from app.files where id = :'deep'), 0,
  'what the owner trashes leaves the share');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(:'bob_share');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from app.files) + (select count(*)::int from api.folders) + (select count(*)::int from app.files), 0,
  'revoking cuts reading at once');
select throws_ok(format($$select app.start_download(%L)$$, :'notes'), 'PT404', null, 'and downloading');
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from app.files where id = :'notes'), 1, 'the other recipient keeps access');
select tests.clear_authentication();

-- Writes: an editor changes what is inside the shared folder, nothing else; a viewer nothing.
select tests.authenticate_as(:'bob');
select throws_ok(format($$select api.rename_file(%L, 'x.txt')$$, :'notes'), 'PT404', null, 'a revoked viewer renames nothing');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.share_with('shared-bob@example.com', folder_id => :'team', role => 'viewer');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok(format($$select api.rename_file(%L, 'x.txt')$$, :'notes'), 'PT404', null, 'a viewer renames nothing');
select throws_ok(format($$select api.create_folder('x', %L)$$, :'team'), 'PT404', null, 'nor makes folders');
select throws_ok(format($$select api.trash_file(%L)$$, :'notes'), 'PT404', null, 'nor trashes');
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select (api.create_folder('Drafts', :'team')).id as drafts \gset
select is((select owner_id from app.folders where id = :'drafts'), :'ada'::uuid, 'an editor makes a folder inside, the owner''s');
select api.rename_file(:'notes', 'minutes.txt');
select is((select name from app.files where id = :'notes'), 'minutes.txt', 'renames a file inside');
select api.move_file(:'notes', :'drafts');
select is((select folder_id from app.files where id = :'notes'), :'drafts'::uuid, 'moves it within the shared folder');
select throws_ok(format($$select api.move_file(%L, %L)$$, :'notes', :'sibling'), 'PT404', null, 'not out to a sibling');
select throws_ok(format($$select api.move_file(%L, null)$$, :'notes'), 'PT404', null, 'nor to the root');
select throws_ok(format($$select api.move_folder(%L, %L)$$, :'drafts', :'parent'), 'PT404', null, 'nor a folder out to the parent');
select throws_ok(format($$select api.rename_folder(%L, 'Mine')$$, :'team'), 'PT404', null, 'the shared folder itself is not renamed');
select throws_ok(format($$select api.trash_folder(%L)$$, :'team'), 'PT404', null, 'nor trashed');
select throws_ok(format($$select api.rename_file(%L, 'mine.txt')$$, :'outside'), 'PT404', null, 'nothing outside is renamed');
select throws_ok(format($$select api.create_folder('x', %L)$$, :'sibling'), 'PT404', null, 'nor made outside');
select throws_ok(format($$select api.share_with('shared-eve@example.com', folder_id => %L)$$, :'team'), 'PT403', null,
  'an editor does not re-share (unless the owner allows it: 59)');
select is((api.rename_folder(:'drafts', 'Final')).name, 'Final', 'renames a folder inside');
select api.trash_file(:'notes');
select tests.clear_authentication();
select is((select trashed_at is not null from app.files where id = :'notes'), true, 'trashes a file inside, into the owner''s trash');
select tests.authenticate_as(:'eve');
select throws_ok(format($$select api.create_folder('x', %L)$$, :'team'), 'PT404', null, 'another user writes nothing there');
select throws_ok(format($$select api.rename_folder(%L, 'x')$$, :'drafts'), 'PT404', null, 'nor renames');
select tests.clear_authentication();

select * from finish();
rollback;

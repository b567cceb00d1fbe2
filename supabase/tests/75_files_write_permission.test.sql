-- files.write: every function that changes the drive needs it. An editor
-- (every new account) holds it; Vic, made a viewer after she stored a few
-- things, still reads them but changes nothing; a role that grants it gives
-- the right back.
begin;
select plan(64);

select tests.create_user('write-ada@example.com', 'Ada') as ada \gset
select tests.create_user('write-vic@example.com', 'Vic') as vic \gset

-- A complete file as the current user, through the same three steps as the files function.
create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

-- The seed: new accounts are editors, editors hold files.write, viewers do not.
select ok(exists (select from app.user_roles ur join app.roles r on r.id = ur.role_id
                  where ur.user_id = :'ada' and r.name = 'editor'), 'a new account is an editor');
select ok(exists (select from app.role_permissions rp join app.roles r on r.id = rp.role_id
                  join app.permissions p on p.id = rp.permission_id where r.name = 'editor' and p.name = 'files.write'),
  'the editor role holds files.write');
select ok(not exists (select from app.role_permissions rp join app.roles r on r.id = rp.role_id
                      join app.permissions p on p.id = rp.permission_id where r.name = 'viewer' and p.name = 'files.write'),
  'the viewer role does not hold files.write');

-- Vic stores a few things while she is an editor ...
select tests.authenticate_as(:'vic');
select (api.create_folder('Vic docs')).id as vfolder \gset
select pg_temp.put('v.txt', 5) as vfile \gset
select pg_temp.put('v.txt', 6) as vfile_again \gset
select id as vversion from app.file_versions where file_id = :'vfile' and version = 1 \gset
select api.add_tags(:'vfile', array['one', 'two']);
select id as vtag1 from api.tags where name = 'one' \gset
select id as vtag2 from api.tags where name = 'two' \gset
select app.begin_upload('pending.txt', 5, 'text/plain') ->> 'id' as vpending \gset
select app.begin_upload('measured.txt', 5, 'text/plain') ->> 'id' as vmeasured \gset
select app.record_upload_bytes(:'vmeasured', 5, repeat('a', 64), 'text/plain');
select tests.clear_authentication();

-- ... then an admin makes her a viewer only.
delete from app.user_roles where user_id = :'vic';
insert into app.user_roles (user_id, role_id) select :'vic', id from app.roles where name = 'viewer';
create temporary table vic_before as
  select (select count(*) from app.folders where owner_id = :'vic') as folders,
         (select string_agg(name || coalesce(trashed_at::text, '') || coalesce(folder_id::text, '') || coalesce(description, '')
                            || visibility || coalesce(current_version_id::text, ''), ',' order by id)
            from app.files where owner_id = :'vic') as files,
         (select string_agg(name, ',' order by name) from app.tags where owner_id = :'vic') as tags,
         (select count(*) from app.file_tags where owner_id = :'vic') as links,
         (select count(*) from app.file_versions where owner_id = :'vic') as versions,
         (select count(*) from app.uploads where owner_id = :'vic' and status = 'pending') as pending;
grant select on vic_before to authenticated;

select tests.authenticate_as(:'vic');
select throws_ok($$select api.create_folder('More')$$, '42501',
  'Not allowed: this needs the files.write permission, which none of your roles grants.',
  'a viewer cannot create a folder, and is told which permission it takes');
select throws_ok(format($$select api.rename_folder(%L, 'x')$$, :'vfolder'), '42501', null, 'a viewer cannot rename a folder');
select throws_ok(format($$select api.move_folder(%L, null)$$, :'vfolder'), '42501', null, 'a viewer cannot move a folder');
select throws_ok(format($$select api.trash_folder(%L)$$, :'vfolder'), '42501', null, 'a viewer cannot trash a folder');
select throws_ok(format($$select api.restore_folder(%L)$$, :'vfolder'), '42501', null, 'a viewer cannot restore a folder');
select throws_ok(format($$select api.purge_folder(%L)$$, :'vfolder'), '42501', null, 'a viewer cannot purge a folder');
select throws_ok(format($$select api.rename_file(%L, 'w.txt')$$, :'vfile'), '42501', null, 'a viewer cannot rename a file');
select throws_ok(format($$select api.move_file(%L, %L)$$, :'vfile', :'vfolder'), '42501', null, 'a viewer cannot move a file');
select throws_ok(format($$select api.copy_file(%L)$$, :'vfile'), '42501', null, 'a viewer cannot copy a file');
select throws_ok(format($$select api.trash_file(%L)$$, :'vfile'), '42501', null, 'a viewer cannot trash a file');
select throws_ok(format($$select api.restore_file(%L)$$, :'vfile'), '42501', null, 'a viewer cannot restore a file');
select throws_ok(format($$select api.purge_file(%L)$$, :'vfile'), '42501', null, 'a viewer cannot purge a file');
select throws_ok($$select api.empty_trash()$$, '42501', null, 'a viewer cannot empty the trash');
select throws_ok(format($$select api.restore_version(%L)$$, :'vversion'), '42501', null, 'a viewer cannot restore a version');
select throws_ok(format($$select api.update_file(%L, visibility => 'public')$$, :'vfile'), '42501', null,
  'a viewer cannot make a file public');
select throws_ok(format($$select api.update_file(%L, description => 'mine')$$, :'vfile'), '42501', null,
  'a viewer cannot change a description');
select throws_ok(format($$select api.set_file_content_text(%L, 'words')$$, :'vfile'), '42501', null,
  'a viewer cannot set a file''s search text');
select throws_ok(format($$select api.add_tags(%L, array['three'])$$, :'vfile'), '42501', null, 'a viewer cannot add tags');
select throws_ok(format($$select api.remove_tag(%L, %L)$$, :'vfile', :'vtag1'), '42501', null, 'a viewer cannot remove a tag');
select throws_ok(format($$select api.rename_tag(%L, 'uno')$$, :'vtag1'), '42501', null, 'a viewer cannot rename a tag');
select throws_ok(format($$select api.merge_tags(%L, %L)$$, :'vtag1', :'vtag2'), '42501', null, 'a viewer cannot merge tags');
select throws_ok(format($$select api.delete_tag(%L)$$, :'vtag1'), '42501', null, 'a viewer cannot delete a tag');
select throws_ok($$select app.begin_upload('new.txt', 5, 'text/plain')$$, '42501', null,
  'a viewer cannot reserve a signed upload');
select throws_ok($$select app.begin_upload('new.txt', 5, 'text/plain', kind => 'direct')$$, '42501', null,
  'a viewer cannot store_file');
select throws_ok($$select app.begin_upload('new.txt', 5, 'text/plain', kind => 'tus')$$, '42501', null,
  'a viewer cannot start a resumable upload');
select throws_ok(format($$select app.record_upload_bytes(%L, 5, repeat('b', 64), 'text/plain')$$, :'vpending'), '42501', null,
  'a viewer cannot record the bytes of an upload begun before');
select throws_ok(format($$select app.complete_upload(%L)$$, :'vmeasured'), '42501', null,
  'a viewer cannot complete an upload begun before');
select throws_ok($$select api.rename_file('00000000-0000-4000-8000-000000000000', 'x.txt')$$, '42501', null,
  'the permission is checked before the item is looked up');

select is(
  (select row(folders, files, tags, links, versions, pending)::text from vic_before),
  (select row((select count(*) from api.folders),
              (select string_agg(name || coalesce(trashed_at::text, '') || coalesce(folder_id::text, '') || coalesce(description, '')
                                 || visibility || coalesce(current_version_id::text, ''), ',' order by id) from api.files),
              (select string_agg(name, ',' order by name) from api.tags),
              (select count(*) from api.file_tags),
              (select count(*) from api.file_versions),
              (select count(*) from app.uploads where status = 'pending'))::text),
  'the refused calls changed nothing');

-- A viewer still reads her own things, and may give a reservation back.
select is((select count(*)::int from api.files), 1, 'a viewer lists her files');
select is((select count(*)::int from api.list_tags()), 2, 'a viewer lists her tags');
select isnt(app.version_for_download(:'vfile', null), null, 'a viewer downloads her file');
select is(array(select name from api.folder_path(:'vfolder')), array['Vic docs'], 'a viewer reads her breadcrumbs');
select lives_ok(format($$select app.cancel_upload(%L)$$, :'vpending'), 'a viewer can cancel an upload begun before');
select lives_ok(format($$select app.index_version_content(%L, 'indexed from the bytes')$$,
  (select current_version_id from api.files where id = :'vfile')),
  'indexing a stored version''s bytes (the files function, maintenance) still works for a viewer');
select tests.clear_authentication();

-- The service role, a trusted server, still sets any file's search text.
select tests.authenticate_as_service_role();
select lives_ok(format($$select api.set_file_content_text(%L, 'set by the server')$$, :'vfile'),
  'the service role sets a file''s search text');
select tests.clear_authentication();

-- A role granting files.write gives it back, from the next call.
insert into app.roles (name, description) values ('uploader', 'Uploads.');
insert into app.role_permissions (role_id, permission_id)
  select r.id, p.id from app.roles r, app.permissions p where r.name = 'uploader' and p.name = 'files.write';
insert into app.user_roles (user_id, role_id) select :'vic', id from app.roles where name = 'uploader';
select tests.authenticate_as(:'vic');
select isnt((api.create_folder('Back')).id, null, 'a custom role holding files.write lets a viewer create a folder');
select tests.clear_authentication();

-- An editor does all of it.
select tests.authenticate_as(:'ada');
select (api.create_folder('Docs')).id as docs \gset
select ok(:'docs' is not null, 'an editor creates a folder');
select (api.create_folder('Old')).id as old \gset
select pg_temp.put('a.txt', 10) as a \gset
select lives_ok($$select pg_temp.put('a.txt', 20)$$, 'an editor reserves, records and completes an upload');
select lives_ok($$select app.begin_upload('direct.txt', 5, 'text/plain', kind => 'direct')$$, 'an editor starts a store_file upload');
select lives_ok($$select app.begin_upload('resumable.txt', 5, 'text/plain', kind => 'tus')$$, 'an editor starts a resumable upload');
select is((api.rename_folder(:'old', 'Older')).name, 'Older', 'an editor renames a folder');
select is((api.move_folder(:'old', :'docs')).parent_id, :'docs'::uuid, 'an editor moves a folder');
select isnt((api.trash_folder(:'old')).trashed_at, null, 'an editor trashes a folder');
select is((api.restore_folder(:'old')).trashed_at, null, 'an editor restores a folder');
select lives_ok(format($$select api.purge_folder(%L)$$, :'old'), 'an editor purges a folder');
select is((api.rename_file(:'a', 'b.txt')).name, 'b.txt', 'an editor renames a file');
select is((api.move_file(:'a', :'docs')).folder_id, :'docs'::uuid, 'an editor moves a file');
select (api.copy_file(:'a')).id as c \gset
select ok(:'c' is not null, 'an editor copies a file');
select isnt((api.trash_file(:'c')).trashed_at, null, 'an editor trashes a file');
select is((api.restore_file(:'c')).trashed_at, null, 'an editor restores a file');
select lives_ok(format($$select api.purge_file(%L)$$, :'c'), 'an editor purges a file');
select (api.copy_file(:'a')).id as c2 \gset
select api.trash_file(:'c2');
select is(api.empty_trash(), 1, 'an editor empties the trash');
select is((api.restore_version((select id from api.file_versions where file_id = :'a' and version = 1))).size, 10::bigint,
  'an editor restores a version');
select is((api.update_file(:'a', 'notes', 'public')).visibility, 'public', 'an editor changes a file''s description and visibility');
select lives_ok(format($$select api.set_file_content_text(%L, 'words')$$, :'a'), 'an editor sets a file''s search text');
select is(jsonb_array_length(api.add_tags(:'a', array['x', 'y', 'w'])), 3, 'an editor adds tags');
select is(jsonb_array_length(api.remove_tag(:'a', (select id from api.tags where name = 'x'))), 2, 'an editor removes a tag');
select is(api.rename_tag((select id from api.tags where name = 'y'), 'z') ->> 'name', 'z', 'an editor renames a tag');
select is(api.merge_tags((select id from api.tags where name = 'w'), (select id from api.tags where name = 'z')) ->> 'name', 'z',
  'an editor merges tags');
select lives_ok($$select api.delete_tag((select id from api.tags where name = 'z'))$$, 'an editor deletes a tag');
select tests.clear_authentication();

select * from finish();
rollback;

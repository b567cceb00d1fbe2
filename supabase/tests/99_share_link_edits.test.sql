-- Edit links change what is inside their folder and nothing else: folders
-- made, files and folders renamed, moved and trashed inside it; the shared
-- folder itself, its parent, a sibling and trashed items are out of reach,
-- and view links change nothing.
begin;
select plan(17);

select tests.create_user('edit-ada@example.com', 'Ada') as ada \gset

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
select (api.create_folder('Parent')).id as parent \gset
select (api.create_folder('Team', :'parent')).id as team \gset
select (api.create_folder('Sibling', :'parent')).id as sibling \gset
select pg_temp.put('notes.txt', 5, :'team') as notes \gset
select pg_temp.put('outside.txt', 5, :'sibling') as outside \gset
select pg_temp.put('binned.txt', 5, :'team') as binned \gset
select api.trash_file(:'binned');
select api.create_share_link(folder_id => :'team', type => 'edit', password => 'team passphrase') ->> 'token' as t \gset
select api.create_share_link(folder_id => :'team') ->> 'token' as view_t \gset
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select app.unlock_share_link(:'t', 'team passphrase') ->> 'access_token' as a \gset
select throws_ok(format($$select app.share_link_create_folder(%L, null, 'x')$$, :'t'), 'PT401', null, 'edits need the access token');
select app.share_link_create_folder(:'t', :'a', 'Drafts') ->> 'id' as drafts \gset
select is(app.share_link_listing(:'t', :'a', :'drafts') -> 'folder' ->> 'parent_id', :'team', 'an edit link makes a folder inside');
select throws_ok(format($$select app.share_link_create_folder(%L, %L, 'Drafts')$$, :'t', :'a'), 'PT409', null, 'not twice of one name');
select throws_ok(format($$select app.share_link_create_folder(%L, %L, 'x', %L)$$, :'t', :'a', :'parent'), 'PT404', null, 'nor in the parent');
select is(app.share_link_rename(:'t', :'a', 'minutes.txt', file_id => :'notes') ->> 'name', 'minutes.txt', 'renames a file inside');
select throws_ok(format($$select app.share_link_rename(%L, %L, 'mine.txt', file_id => %L)$$, :'t', :'a', :'outside'), 'PT404', null,
  'not a sibling''s file');
select throws_ok(format($$select app.share_link_rename(%L, %L, 'Ours', folder_id => %L)$$, :'t', :'a', :'team'), 'PT404', null,
  'nor the shared folder itself');
select throws_ok(format($$select app.share_link_rename(%L, %L, 'back.txt', file_id => %L)$$, :'t', :'a', :'binned'), 'PT404', null,
  'nor a trashed file');
select is(app.share_link_move(:'t', :'a', :'drafts', file_id => :'notes') ->> 'folder_id', :'drafts', 'moves a file inside');
select throws_ok(format($$select app.share_link_move(%L, %L, %L, file_id => %L)$$, :'t', :'a', :'parent', :'notes'), 'PT404', null,
  'never out of the shared folder');
select throws_ok(format($$select app.share_link_move(%L, %L, %L, file_id => %L)$$, :'t', :'a', :'team', :'outside'), 'PT404', null,
  'nor in from outside it');
select throws_ok(format($$select app.share_link_move(%L, %L, %L, folder_id => %L)$$, :'t', :'a', :'drafts', :'drafts'), 'PT400', null,
  'a folder does not move into itself');
select app.share_link_trash(:'t', :'a', folder_id => :'drafts');
select throws_ok(format($$select app.share_link_version(%L, %L, %L)$$, :'t', :'a', :'notes'), 'PT404', null,
  'trashing a folder trashes what is in it, out of the link''s reach');
select throws_ok(format($$select app.share_link_trash(%L, %L, folder_id => %L)$$, :'t', :'a', :'team'), 'PT404', null,
  'the shared folder cannot be trashed through its link');
select throws_ok(format($$select app.share_link_create_folder(%L, null, 'x')$$, :'view_t'), 'PT403', null, 'a view link changes nothing');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select is((select count(*)::int from api.files where id = :'notes' and trashed_at is not null and name = 'minutes.txt'), 1,
  'the owner finds the trashed file, renamed, in their trash');
select tests.clear_authentication();
select is((select array_agg(distinct action order by action) from app.activity_log where action like 'share_link.%'
  and action in ('share_link.create_folder', 'share_link.rename', 'share_link.move', 'share_link.trash')),
  array['share_link.create_folder', 'share_link.move', 'share_link.rename', 'share_link.trash'], 'each change is logged');

select * from finish();
rollback;

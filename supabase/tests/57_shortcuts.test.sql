-- Shortcuts: a recipient places what is shared with them in their own drive
-- (a folder of theirs or the root); the shortcut shows only while the share
-- is active, so revoking, expiring or trashing the item hides it at once, and
-- extending the share brings it back. Nobody else reads or removes it: not
-- the owner of the item, another user, anon, the admin, nor a folder-limited
-- access token. Bad input is a 4xx with words; an item not shared with me is
-- refused as an unknown id is.
begin;
select plan(35);

select tests.create_user('short-ada@example.com', 'Ada') as ada \gset
select tests.create_user('short-bob@example.com', 'Bob') as bob \gset
select tests.create_user('short-eve@example.com', 'Eve') as eve \gset
select tests.create_user('short-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

create function pg_temp.put(file_name text, bytes integer, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, integer, uuid) to authenticated;

-- Ada shares a folder with Bob to view and a file to edit; one folder of hers is not shared.
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Private')).id as private \gset
select pg_temp.put('memo.txt', 40) as memo \gset
select (api.share_with('short-bob@example.com', folder_id => :'team', role => 'viewer') -> 'share' ->> 'id') as team_share \gset
select (api.share_with('short-bob@example.com', file_id => :'memo', role => 'editor') -> 'share' ->> 'id') as memo_share \gset
select tests.clear_authentication();

-- Bob places them in his drive.
select tests.authenticate_as(:'bob');
select (api.create_folder('Inbox')).id as inbox \gset
select (api.create_folder('Old')).id as old \gset
select api.trash_folder(:'old');
select is((select concat_ws(' ', kind, name, role, owner_name, coalesce(parent_id::text, 'root'))
           from api.add_shortcut(folder_id => :'team')),
  'folder Team viewer Ada root', 'the recipient adds a shared folder to the root of their drive, and it answers the shortcut');
select (api.add_shortcut(file_id => :'memo', parent_id => :'inbox')).id as memo_shortcut \gset
select is((select concat_ws(' ', kind, name, role, mime_type, size) from api.shortcuts where parent_id = :'inbox'),
  'file memo.txt editor text/plain 40', 'and a shared file to a folder of theirs');
select is((select array_agg(name order by kind) from api.shortcuts), array['memo.txt', 'Team'], 'both are in their shortcuts');
select is((select array_agg(name) from api.shortcuts where parent_id is null), array['Team'], 'a folder''s shortcuts are read by parent_id');
select throws_ok(format($$select api.add_shortcut(folder_id => %L, parent_id => %L)$$, :'team', :'inbox'), 'PT409',
  'It is in your drive already: remove that shortcut first to place it elsewhere.', 'one shortcut per item');
select throws_ok(format($$select api.add_shortcut(file_id => %L, folder_id => %L)$$, :'memo', :'team'), 'PT400',
  'Give file_id or folder_id, one of them.', 'a shortcut is to one item');
select throws_ok($$select api.add_shortcut()$$, 'PT400', 'Give file_id or folder_id, one of them.', 'and to some item');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, :'private'), 'PT404', 'Folder not found.',
  'a folder not shared with me is refused');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, gen_random_uuid()), 'PT404', 'Folder not found.',
  'with the same words as a folder that does not exist');
select throws_ok(format($$select api.add_shortcut(file_id => %L)$$, gen_random_uuid()), 'PT404', 'File not found.',
  'and a file likewise');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, :'inbox'), 'PT400', null,
  'my own folder needs no shortcut');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select (api.create_folder('Second')).id as second \gset
select api.share_with('short-bob@example.com', folder_id => :'second');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok(format($$select api.add_shortcut(folder_id => %L, parent_id => %L)$$, :'second', :'team'), 'PT404', 'Folder not found.',
  'a shortcut sits only in a folder of my own, never in the owner''s');
select throws_ok(format($$select api.add_shortcut(folder_id => %L, parent_id => %L)$$, :'second', :'old'), 'PT404', 'Folder not found.',
  'nor in my trash');
select is((select count(*)::int from app.shortcuts), 2, 'nothing refused was made');
select throws_ok($$insert into app.shortcuts (user_id, folder_id) values (app.current_user_id(), gen_random_uuid())$$, '42501', null,
  'shortcuts are written only through the functions');
select tests.clear_authentication();

-- The owner of the items, another user, the admin, anon.
select tests.authenticate_as(:'ada');
select is((select count(*)::int from app.shortcuts) + (select count(*)::int from api.shortcuts), 0,
  'the owner of the items does not read the recipient''s shortcuts');
select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from app.shortcuts) + (select count(*)::int from api.shortcuts), 0, 'another user reads none');
select throws_ok(format($$select api.remove_shortcut(%L)$$, :'memo_shortcut'), 'PT404', 'Shortcut not found.', 'nor removes one');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, :'team'), 'PT404', 'Folder not found.',
  'nor adds a shortcut to what is shared with someone else');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from app.shortcuts) + (select count(*)::int from api.shortcuts), 0,
  'the admin reads none of a person''s shortcuts');
select throws_ok(format($$select api.remove_shortcut(%L)$$, :'memo_shortcut'), 'PT404', 'Shortcut not found.', 'nor removes one');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.shortcuts$$, '42501', null, 'anon reads no shortcuts');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, :'team'), '42501', null, 'nor adds one');
select throws_ok(format($$select api.remove_shortcut(%L)$$, :'memo_shortcut'), '42501', null, 'nor removes one');
select tests.clear_authentication();

-- A folder-limited access token reads no shortcuts, even with the recipient's own claims.
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'bob', 'role', 'authenticated', 'folder_id', :'inbox'));
select is((select count(*)::int from app.shortcuts), 0, 'a folder-limited access token reads no shortcuts');
select tests.clear_authentication();

-- Access ends: expiry hides the shortcut, extending brings it back, revoking and trashing hide it.
update app.shares set expires_at = now() - interval '1 second' where id = :'team_share';
select tests.authenticate_as(:'bob');
select is((select array_agg(name) from api.shortcuts), array['memo.txt'], 'a shortcut disappears when its share expires');
select is((select count(*)::int from api.shared_with_me where folder_id = :'team'), 0, 'as the share leaves shared_with_me');
select throws_ok(format($$select api.add_shortcut(folder_id => %L)$$, :'team'), 'PT404', 'Folder not found.',
  'nor can it be added again while the share is over');
select tests.clear_authentication();
update app.shares set expires_at = null where id = :'team_share';
select tests.authenticate_as(:'bob');
select is((select parent_id from api.shortcuts where folder_id = :'team'), null, 'a share extended brings it back where it was');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(:'memo_share');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select array_agg(name) from api.shortcuts), array['Team'], 'a shortcut disappears at once when its share is revoked');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.trash_folder(:'team');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.shortcuts), 0, 'and when the owner trashes the item');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.restore_folder(:'team');
select tests.clear_authentication();

-- Removing: the shortcut goes, the share stays.
select tests.authenticate_as(:'bob');
select (id) as team_shortcut from api.shortcuts where folder_id = :'team' \gset
select lives_ok(format($$select api.remove_shortcut(%L)$$, :'team_shortcut'), 'the recipient removes a shortcut');
select is((select count(*)::int from app.shortcuts where folder_id = :'team'), 0, 'it is gone');
select is((select count(*)::int from api.shared_with_me where folder_id = :'team'), 1, 'and the share is not');
select throws_ok(format($$select api.remove_shortcut(%L)$$, :'team_shortcut'), 'PT404', 'Shortcut not found.', 'removing twice is a 404');
select tests.clear_authentication();

select * from finish();
rollback;

-- The files shared with the caller one by one, as rows of api.files
-- (api.files_shared_with_me): the recipient reads each with its checksum;
-- a file inside a shared folder, a trashed one, an expired or revoked share,
-- the owner, another user and the admin read none; a folder-limited access
-- token of the recipient reads none; anon may not call it.
begin;
select plan(12);

select tests.create_user('fswm-ada@example.com', 'Ada') as ada \gset
select tests.create_user('fswm-bob@example.com', 'Bob') as bob \gset
select tests.create_user('fswm-cy@example.com', 'Cy') as cy \gset
select tests.create_user('fswm-eve@example.com', 'Eve') as eve \gset
select tests.create_user('fswm-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- Ada shares memo.txt and binned.txt (then trashes it) with Bob, memo.txt with Cy (then it expires),
-- and her folder Team (holding inside.txt) with Bob.
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select tests.put_file('memo.txt') as memo \gset
select tests.put_file('binned.txt') as binned \gset
select (api.create_folder('Team')).id as team \gset
select tests.put_file('inside.txt', :'team') as inside \gset
select api.share_with('fswm-bob@example.com', file_id => :'memo', role => 'viewer');
select api.share_with('fswm-bob@example.com', file_id => :'binned', role => 'editor');
select api.share_with('fswm-bob@example.com', folder_id => :'team', role => 'viewer');
select api.share_with('fswm-cy@example.com', file_id => :'memo', role => 'viewer') -> 'share' ->> 'id' as cy_share \gset
select api.trash_file(:'binned');
select is(array(select id from api.files_shared_with_me()), '{}'::uuid[], 'the owner reads none of her own files through it');

select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is(array(select id from api.files_shared_with_me()), array[:'memo'::uuid],
  'the recipient reads the live file shared with him, not the trashed one nor one inside a shared folder');
select is((select sha256 from api.files_shared_with_me()), encode(extensions.digest('memo.txt', 'sha256'), 'hex'),
  'with its checksum');
select is((select owner_id from api.files_shared_with_me()), :'ada'::uuid, 'and its owner');
select is((select public_token from api.files_shared_with_me()), null, 'but never a public link token');

-- A folder-limited token of the recipient: RLS on app.files narrows the function to the token's folder.
select (api.create_folder('Backups')).id as backups \gset
select api.create_access_token('backup', array['files:read'], :'backups') ->> 'token' as folder_token \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select api.token_from_access_token(:'folder_token') -> 0 ->> 'token' as folder_jwt \gset
select tests.clear_authentication();
select tests.authenticate_as_role('authenticated', tests.claims_of(:'folder_jwt'));
select is((select count(*)::int from api.files_shared_with_me()), 0, 'a folder-limited token of the recipient reads none');

select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from api.files_shared_with_me()), 1, 'a second recipient reads it while the share lasts');
select tests.clear_authentication();
update app.shares set expires_at = now() - interval '1 second' where id = :'cy_share';
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from api.files_shared_with_me()), 0, 'and none once it has expired');

select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.files_shared_with_me()), 0, 'another user reads none');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from api.files_shared_with_me()), 0, 'nor does the admin, whose role reads metadata elsewhere');

select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(id) from app.shares where recipient_id = :'bob' and file_id = :'memo';
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.files_shared_with_me()), 0, 'revoking the share cuts it at once');

select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.files_shared_with_me()$$, '42501', null, 'anon may not call it');

select * from finish();
rollback;

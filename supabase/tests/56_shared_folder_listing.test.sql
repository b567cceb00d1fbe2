-- A recipient lists a shared folder's files through api.shared_folder_files
-- (rows of api.files, ordered and paged as the owner's listing is), browses
-- its subfolders in api.folders, and reads breadcrumbs that start at the
-- shared folder with no parent: nothing above the shared folder, beside it
-- or in the owner's trash is reachable. Viewer and editor alike; an expired
-- or revoked share, another user and the admin list nothing; anon may not
-- call it.
begin;
select plan(29);

select tests.create_user('listing-ada@example.com', 'Ada') as ada \gset
select tests.create_user('listing-bob@example.com', 'Bob') as bob \gset
select tests.create_user('listing-cy@example.com', 'Cy') as cy \gset
select tests.create_user('listing-dan@example.com', 'Dan') as dan \gset
select tests.create_user('listing-fay@example.com', 'Fay') as fay \gset
select tests.create_user('listing-eve@example.com', 'Eve') as eve \gset
select tests.create_user('listing-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- Ada's drive: Parent/{Team/{b.txt, a.txt, binned.txt (trashed), Sub/deep.txt, Old (trashed)/old.txt},
-- Sibling/out.txt, above.txt}, root.txt; b.txt is public (her link, not the recipients').
select tests.authenticate_as(:'ada');
select (api.create_folder('Parent')).id as parent \gset
select (api.create_folder('Team', :'parent')).id as team \gset
select (api.create_folder('Sub', :'team')).id as sub \gset
select (api.create_folder('Old', :'team')).id as old \gset
select (api.create_folder('Sibling', :'parent')).id as sibling \gset
select tests.put_file('b.txt', :'team') as b \gset
select tests.put_file('a.txt', :'team') as a \gset
select tests.put_file('binned.txt', :'team') as binned \gset
select tests.put_file('deep.txt', :'sub') as deep \gset
select tests.put_file('old.txt', :'old') as old_file \gset
select tests.put_file('out.txt', :'sibling') as out_file \gset
select tests.put_file('above.txt', :'parent') as above \gset
select tests.put_file('root.txt') as root_file \gset
select api.trash_file(:'binned');
select api.trash_folder(:'old');
select api.update_file(:'b', visibility => 'public');
select api.share_with('listing-bob@example.com', folder_id => :'team', role => 'viewer');
select api.share_with('listing-cy@example.com', folder_id => :'team', role => 'editor');
select api.share_with('listing-dan@example.com', folder_id => :'team', role => 'viewer') -> 'share' ->> 'id' as dan_share \gset
select api.share_with('listing-fay@example.com', folder_id => :'team', role => 'viewer') -> 'share' ->> 'id' as fay_share \gset
select api.revoke_share(:'fay_share');

-- The owner.
select is(array(select name from api.shared_folder_files(:'team') order by name, id),
  array(select name from api.files where folder_id = :'team' and trashed_at is null order by name, id),
  'the owner lists the same live files through it as through files');
select isnt((select public_token from api.shared_folder_files(:'team') where id = :'b'), null, 'with her own public link''s token');
select is((select parent_id from api.folder_path(:'team') where id = :'team'), :'parent'::uuid,
  'the owner''s breadcrumbs keep every parent');
select tests.clear_authentication();
update app.shares set expires_at = now() - interval '1 second' where id = :'dan_share';

-- A viewer.
select tests.authenticate_as(:'bob');
select is(array(select name from api.shared_folder_files(:'team') order by name, id), array['a.txt', 'b.txt'],
  'a viewer lists the live files of the shared folder in name order, none of the owner''s trash');
select is(array(select name from api.shared_folder_files(:'team') order by name, id limit 1 offset 1), array['b.txt'],
  'paged as the owner''s listing is (order, limit, offset)');
select is((select count(*)::int from api.shared_folder_files(:'team') where public_token is not null), 0,
  'and never the owner''s public link token');
select is(array(select name from api.shared_folder_files(:'sub')), array['deep.txt'], 'a subfolder is listed too');
select is(array(select name from api.folders where parent_id = :'team' order by name), array['Sub'],
  'the subfolders are browsable, the trashed one left out');
select is((select count(*)::int from api.shared_folder_files(:'parent')) + (select count(*)::int from api.shared_folder_files(:'sibling'))
  + (select count(*)::int from api.shared_folder_files(:'old')), 0,
  'the shared folder''s parent, its sibling and a trashed folder inside list nothing');
select is((select count(*)::int from api.folders where id in (:'parent', :'sibling', :'old', :'team')), 0,
  'and api.folders holds none of them, nor the shared folder itself (whose parent is the owner''s)');
select is((select count(*)::int from api.folders where parent_id not in (:'team', :'sub')), 0,
  'every parent_id a viewer reads is a folder the share reaches');
select is(array(select name from api.folder_path(:'sub')), array['Team', 'Sub'], 'breadcrumbs start at the shared folder');
select is((select parent_id from api.folder_path(:'sub') where id = :'team'), null,
  'and the shared folder has no parent in them');
select is((select parent_id from api.folder_path(:'sub') where id = :'sub'), :'team'::uuid, 'the folders under it keep theirs');
select throws_ok(format($$select api.folder_path(%L)$$, :'parent'), 'PT404', null, 'the parent has no breadcrumbs');
select tests.clear_authentication();

-- An editor: the same listing, and what they upload into it shows there.
select tests.authenticate_as(:'cy');
select is(array(select name from api.shared_folder_files(:'team') order by name, id), array['a.txt', 'b.txt'],
  'an editor lists the shared folder');
select tests.put_file('c.txt', :'team') as c \gset
select is(array(select name from api.shared_folder_files(:'team') order by name, id), array['a.txt', 'b.txt', 'c.txt'],
  'and sees their own upload in it (the owner''s file)');
select is((select owner_id from api.shared_folder_files(:'team') where id = :'c'), :'ada'::uuid, 'owned by the owner');
select is((select count(*)::int from api.shared_folder_files(:'parent')), 0, 'nothing above the share');
select tests.clear_authentication();

-- An expired share, a revoked one, another user, the admin, anon.
select tests.authenticate_as(:'dan');
select is((select count(*)::int from api.shared_folder_files(:'team')) + (select count(*)::int from api.folders), 0,
  'an expired share lists nothing');
select throws_ok(format($$select api.folder_path(%L)$$, :'team'), 'PT404', null, 'nor reads breadcrumbs');
select tests.clear_authentication();
select tests.authenticate_as(:'fay');
select is((select count(*)::int from api.shared_folder_files(:'team')) + (select count(*)::int from api.shared_folder_files(:'sub')), 0,
  'a revoked share lists nothing');
select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.shared_folder_files(:'team')) + (select count(*)::int from api.shared_folder_files(:'parent')), 0,
  'another user lists nothing');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from api.shared_folder_files(:'team')), 0,
  'the admin lists nothing through it (file metadata is the admin''s in app.files, not here)');
select throws_ok(format($$select api.folder_path(%L)$$, :'team'), 'PT404', null, 'nor reads breadcrumbs');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select * from api.shared_folder_files(%L)$$, :'team'), '42501', null, 'anon may not call it');
select tests.clear_authentication();

-- The owner trashes the subfolder, then revokes the viewer.
select tests.authenticate_as(:'ada');
select api.trash_folder(:'sub');
select api.revoke_share(id) from app.shares where recipient_id = :'bob';
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from api.shared_folder_files(:'sub')) + (select count(*)::int from api.folders where id = :'sub'), 0,
  'what the owner trashes leaves the listing');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.shared_folder_files(:'team')), 0, 'revoking cuts the listing at once');
select throws_ok(format($$select api.folder_path(%L)$$, :'team'), 'PT404', null, 'and the breadcrumbs');
select tests.clear_authentication();

select * from finish();
rollback;

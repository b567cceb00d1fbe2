-- Re-sharing: an editor shares what was shared with them (with people or as
-- a link) only when the owner allows it (allow_reshare); what they make is
-- the owner's, never outlives their own access, and goes when the owner
-- revokes their share, turns it to viewer or withdraws the permission. A
-- viewer, another user, anon and an admin re-share nothing.
begin;
select plan(34);

select tests.create_user('rs-ada@example.com', 'Ada') as ada \gset
select tests.create_user('rs-cy@example.com', 'Cy') as cy \gset
select tests.create_user('rs-dee@example.com', 'Dee') as dee \gset
select tests.create_user('rs-vee@example.com', 'Vee') as vee \gset
select tests.create_user('rs-eve@example.com', 'Eve') as eve \gset
select tests.create_user('rs-fay@example.com', 'Fay') as fay \gset
select tests.create_user('rs-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, repeat('b', 64), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

-- Ada's Team/{notes.txt, Sub/}: Cy edits it, Dee edits it and may re-share, Vee views it and "may re-share".
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Sub', :'team')).id as sub \gset
select pg_temp.put('notes.txt', 5, :'team') as notes \gset
select api.share_with('rs-cy@example.com', folder_id => :'team', role => 'editor') -> 'share' ->> 'id' as cy_share \gset
select api.share_with('rs-dee@example.com', folder_id => :'team', role => 'editor', allow_reshare => true) -> 'share' ->> 'id' as dee_share \gset
select api.share_with('rs-vee@example.com', folder_id => :'team', role => 'viewer', allow_reshare => true);
select is((select allow_reshare from api.shares where id = :'cy_share'), false, 'a share does not allow re-sharing unless the owner says so');
select is((select allow_reshare from api.shares where id = :'dee_share'), true, 'the owner allows it with allow_reshare');
select tests.clear_authentication();

-- Without the owner's permission an editor re-shares nothing.
select tests.authenticate_as(:'cy');
select throws_ok(format($$select api.share_with('rs-eve@example.com', folder_id => %L)$$, :'team'), 'PT403',
  'The owner has not allowed you to share this.', 'an editor without allow_reshare cannot share the folder with a person');
select throws_ok(format($$select api.share_with('rs-eve@example.com', file_id => %L)$$, :'notes'), 'PT403', null,
  'nor a file inside it');
select throws_ok(format($$select api.create_share_link(folder_id => %L)$$, :'team'), 'PT403', null, 'nor make a link to it');
select throws_ok(format($$select api.create_share_link(file_id => %L)$$, :'notes'), 'PT403', null, 'nor to a file inside it');
select throws_ok(format($$select api.update_share(%L, allow_reshare => true)$$, :'cy_share'), 'PT404', null,
  'nor allow it themselves');
select tests.clear_authentication();

select tests.authenticate_as(:'vee');
select throws_ok(format($$select api.share_with('rs-eve@example.com', folder_id => %L)$$, :'team'), 'PT403', null,
  'a viewer never re-shares, whatever allow_reshare says');
select throws_ok(format($$select api.create_share_link(folder_id => %L)$$, :'team'), 'PT403', null, 'nor makes links');
select tests.clear_authentication();

select tests.authenticate_as(:'eve');
select throws_ok(format($$select api.share_with('rs-fay@example.com', folder_id => %L)$$, :'team'), 'PT404', null,
  'another user finds nothing to share');
select throws_ok(format($$select api.create_share_link(folder_id => %L)$$, :'team'), 'PT404', null, 'nor to link');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select throws_ok(format($$select api.share_with('rs-fay@example.com', folder_id => %L)$$, :'team'), 'PT404', null,
  'nor does an admin');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select api.share_with('rs-fay@example.com', folder_id => %L)$$, :'team'), '42501', null, 'nor anon');
select tests.clear_authentication();

-- With it, the editor re-shares the owner's item.
select tests.authenticate_as(:'dee');
select api.share_with('rs-eve@example.com', folder_id => :'sub', role => 'viewer') -> 'share' as eve_share \gset
select is((:'eve_share'::jsonb ->> 'owner_id')::uuid, :'ada'::uuid, 'an editor allowed to re-shares a subfolder: the share is the owner''s');
select is((:'eve_share'::jsonb ->> 'shared_by')::uuid, :'dee'::uuid, 'made by the editor');
select is((:'eve_share'::jsonb ->> 'allow_reshare')::boolean, false, 'and does not pass re-sharing on');
select api.create_share_link(folder_id => :'team', type => 'view') as dee_link \gset
select is((select owner_id from app.share_links where id = (:'dee_link'::jsonb ->> 'id')::uuid), :'ada'::uuid,
  'a link the editor makes is the owner''s too');
select is((select count(*)::int from api.shares), 1, 'the re-sharer sees the share they made');
select is((select recipient_email from api.shares), 'rs-eve@example.com', 'with its recipient');
select is((select count(*)::int from api.share_links), 1, 'and the link they made');
select throws_ok(format($$select api.share_with('rs-fay@example.com', folder_id => %L, allow_reshare => true)$$, :'team'), 'PT403',
  'Only the owner can let others re-share.', 'a re-sharer cannot let others re-share');
select throws_ok(format($$select api.share_with('nobody-yet@example.com', folder_id => %L)$$, :'team'), 'PT403', null,
  'nor invite an address without an account');
select throws_ok(format($$select api.share_with('rs-cy@example.com', folder_id => %L, role => 'viewer')$$, :'team'), 'PT409', null,
  'nor change a share the owner made');
select throws_ok(format($$select api.share_with('rs-ada@example.com', folder_id => %L)$$, :'team'), 'PT400', null,
  'nor share with the owner');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select is((select count(*)::int from api.shares where shared_by = :'dee'), 1, 'the owner sees what was re-shared, and by whom');
select is((select count(*)::int from api.share_links where created_by = :'dee'), 1, 'and the link');
select tests.clear_authentication();

select tests.authenticate_as(:'cy');
select throws_ok(format($$select api.revoke_share(%L)$$, :'eve_share'::jsonb ->> 'id'), 'PT404', null,
  'another editor cannot revoke the re-share');
select tests.clear_authentication();

-- Never longer than the re-sharer's own access.
select tests.authenticate_as(:'ada');
select api.update_share(:'dee_share', expires_at => now() + interval '2 days');
select tests.clear_authentication();
select tests.authenticate_as(:'dee');
select api.share_with('rs-fay@example.com', folder_id => :'team') -> 'share' ->> 'expires_at' as fay_until \gset
select is(:'fay_until'::timestamptz, (select expires_at from app.shares where id = :'dee_share'),
  'a re-share without expiry ends when the re-sharer''s share does');
select tests.clear_authentication();

-- The owner withdraws the permission: what the editor made goes.
select tests.authenticate_as(:'ada');
select api.update_share(:'dee_share', allow_reshare => false);
select is((select count(*)::int from api.shares where shared_by = :'dee'), 0, 'withdrawing allow_reshare ends the shares the editor made');
select is((select state from api.share_links where id = (:'dee_link'::jsonb ->> 'id')::uuid), 'revoked', 'and revokes their link');
select tests.clear_authentication();
select tests.authenticate_as(:'dee');
select throws_ok(format($$select api.share_with('rs-eve@example.com', folder_id => %L)$$, :'team'), 'PT403', null,
  'and the editor re-shares nothing more');
select tests.clear_authentication();

-- Allowed later, then the share revoked: the same.
select tests.authenticate_as(:'ada');
select api.update_share(:'cy_share', allow_reshare => true);
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select ok(api.share_with('rs-eve@example.com', file_id => :'notes', role => 'editor') ? 'share',
  'once the owner allows it, the editor shares a file inside the folder');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(:'cy_share');
select is((select count(*)::int from app.shares where shared_by = :'cy'), 0, 'revoking the editor''s share ends what they re-shared');
select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.shared_with_me where file_id = :'notes'), 0, 'and the re-share''s recipient loses it at once');
select tests.clear_authentication();

select * from finish();
rollback;

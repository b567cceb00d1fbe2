-- People shares: the owner shares with a person by email (a notification
-- with an email), sees who has access, changes and revokes it; the
-- recipient finds it in shared_with_me and may leave it; an address without
-- an account gets an invitation whose mailed token, used once, makes the
-- share (registering the address alone gets nothing); another user, anon
-- and the admin reach none of it.
begin;
select plan(30);

select tests.create_user('people-ada@example.com', 'Ada') as ada \gset
select tests.create_user('people-bob@example.com', 'Bob') as bob \gset
select tests.create_user('people-eve@example.com', 'Eve') as eve \gset
select tests.create_user('people-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.share_with('People-Bob@Example.com', folder_id => :'team', role => 'editor')) as granted \gset
select (:'granted'::jsonb -> 'share' ->> 'id')::uuid as share_id \gset
select is(:'granted'::jsonb -> 'share' ->> 'role', 'editor', 'the owner shares a folder with a person by email, any case');
select is((select recipient_email || ' ' || role from api.shares where id = :'share_id'), 'people-bob@example.com editor',
  'the owner sees who has access and how');
select is((select item_name from api.shares where id = :'share_id'), 'Team', 'and what');
select is((api.share_with('people-bob@example.com', folder_id => :'team', role => 'viewer')) -> 'share' ->> 'id', :'share_id',
  'sharing again with the same person changes the share, not adds one');
select is((select count(*)::int from api.shares), 1, 'one share');
select throws_ok($$select api.share_with('people-ada@example.com', folder_id => (select id from api.folders limit 1))$$,
  'PT400', 'You already own this.', 'nobody shares with themselves');
select throws_ok($$select api.share_with('not an email', folder_id => (select id from api.folders limit 1))$$, 'PT400', null,
  'an email must be one');
select throws_ok(format($$select api.share_with('people-bob@example.com', folder_id => %L, role => 'owner')$$, :'team'), 'PT400', null,
  'a role must be viewer or editor');
select throws_ok(format($$select api.share_with('people-bob@example.com', folder_id => %L, expires_at => now() - interval '1 day')$$, :'team'),
  'PT400', 'The expiry must be in the future.', 'an expiry must lie ahead');
select is(api.update_share(:'share_id', role => 'editor') ->> 'role', 'editor', 'the owner changes the role');
select tests.clear_authentication();
select is((select count(*)::int from app.notifications where user_id = :'bob' and type = 'shared_with_you'), 1,
  'the recipient is notified');
select ok(exists (select from private.email_outbox where to_address = 'people-bob@example.com' and subject = 'Ada shared Team with you'),
  'and emailed');

-- The recipient.
select tests.authenticate_as(:'bob');
select is((select name || ' ' || kind || ' ' || role || ' ' || owner_name from api.shared_with_me), 'Team folder editor Ada',
  'the recipient finds it in shared_with_me with its owner and role');
select is((select count(*)::int from api.shares), 0, 'what is shared with me is not what I shared');
select throws_ok(format($$select api.update_share(%L, role => 'editor')$$, :'share_id'), 'PT404', null, 'the recipient cannot change the share');
select tests.clear_authentication();

-- Another user, anon, the admin.
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.shared_with_me) + (select count(*)::int from api.shares) + (select count(*)::int from app.shares), 0,
  'another user sees nothing of the share');
select throws_ok(format($$select api.revoke_share(%L)$$, :'share_id'), 'PT404', null, 'nor can revoke it');
select throws_ok(format($$select api.share_with('people-eve@example.com', folder_id => %L)$$, :'team'), 'PT404', 'Folder not found.',
  'nor share my folder with themselves');
select is(app.share_party(:'share_id'), null, 'nor learn who is in it');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.shared_with_me$$, '42501', null, 'anon reads no shares');
select throws_ok($$select api.accept_invitation(repeat('a', 43))$$, '42501', null, 'nor accepts invitations');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from app.shares where id = :'share_id'), 0, 'an admin does not read other people''s shares');
select tests.clear_authentication();

-- Invitations: the token, not the address, makes the share.
select tests.authenticate_as(:'ada');
select ok((api.share_with('newcomer@example.com', folder_id => :'team')) ? 'invitation', 'an address without an account gets an invitation');
select tests.clear_authentication();
select secret as invite_token from private.email_outbox where to_address = 'newcomer@example.com' and kind = 'share_invitation' \gset
select ok(:'invite_token' ~ '^[A-Za-z0-9_-]{43}$' and
  (select body_text like '%/invitations/{{secret}}%' from private.email_outbox where to_address = 'newcomer@example.com'),
  'the invitation is emailed with its token kept apart from the body');
select is((select count(*)::int from app.share_invitations where token_hash = extensions.digest(:'invite_token', 'sha256')), 1,
  'only the token''s hash is stored');
select tests.create_user('newcomer@example.com', 'Squatter') as squatter \gset
select tests.authenticate_as(:'squatter');
select is((select count(*)::int from api.shared_with_me), 0, 'registering the invited address alone gets nothing');
select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is(api.accept_invitation(:'invite_token') ->> 'recipient_id', :'eve', 'whoever holds the mailed token accepts it');
select throws_ok(format($$select api.accept_invitation(%L)$$, :'invite_token'), 'PT404', null, 'once');
select tests.clear_authentication();

-- Leaving and revoking cut at once.
select tests.authenticate_as(:'eve');
select api.revoke_share(id) from api.shared_with_me;
select is((select count(*)::int from api.shared_with_me), 0, 'a recipient can leave a share');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(:'share_id');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.shared_with_me), 0, 'revoking ends the share at once');
select tests.clear_authentication();

select * from finish();
rollback;

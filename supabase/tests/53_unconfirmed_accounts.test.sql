-- auth.require_email_confirmation (on by default): an account whose address
-- is not confirmed signs in and uses its own drive, but cannot receive a
-- share by email, send an invitation or accept one; nothing is created when
-- it is refused. Off, none of that is refused. A confirmation link keeps the
-- account (and its session) only for the signup whose password it holds.
begin;
select plan(27);

update private.settings set value = 'on' where key = 'auth.confirm_email';
insert into private.settings (key, value) values ('auth.max_signups_per_ip', '1000')
on conflict (key) do update set value = excluded.value;
-- The test database turns the rule off for the older files; here it is the
-- default, with no setting at all.
delete from private.settings where key = 'auth.require_email_confirmation';

select tests.create_user('unconf-ada@example.com', 'Ada') as ada \gset
select tests.create_user('unconf-bob@example.com', 'Bob') as bob \gset
update app.users set email_confirmed_at = now() where id in (:'ada', :'bob');
select tests.create_user('unconf-uma@example.com', 'Uma') as uma \gset

-- Signing in and the own drive
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "198.51.100.53"}', true);
select api.login('unconf-uma@example.com', 'password123') as uma_login \gset
select tests.clear_authentication();
select ok(:'uma_login'::jsonb -> 0 ->> 'token' is not null, 'an unconfirmed account signs in with its password');
select ok(:'uma_login'::jsonb -> 0 -> 'user' -> 'email_confirmed_at' = 'null'::jsonb, 'and its user says the address is unconfirmed');
select tests.authenticate_as(:'uma');
select (api.create_folder('Mine')).id as uma_folder \gset
select is((select name from api.folders where id = :'uma_folder'), 'Mine', 'it uses its own drive');
select ok((api.share_with('unconf-bob@example.com', folder_id => :'uma_folder')) ? 'share',
  'it may share with an account whose address is confirmed');
select tests.clear_authentication();

-- Receiving a share by email: refused, nothing made
select tests.authenticate_as(:'ada');
select (api.create_folder('Plans')).id as plans \gset
select throws_ok(format($$select api.share_with('unconf-uma@example.com', folder_id => %L)$$, :'plans'), 'PT409',
  'This person has not confirmed their email address yet, so nothing can be shared with them.',
  'sharing with an unconfirmed account is a 409 for the sharer');
select tests.clear_authentication();
select is((select count(*)::int from app.shares where recipient_id = :'uma'), 0, 'no share is made');
select is((select count(*)::int from app.share_invitations where email = 'unconf-uma@example.com'), 0, 'nor an invitation');
select is((select count(*)::int from app.notifications where user_id = :'uma'), 0, 'nor a notification');
select is((select count(*)::int from private.email_outbox where to_address = 'unconf-uma@example.com'), 0, 'nor an email');
select is((select count(*)::int from app.activity_log where action = 'share.grant' and meta ->> 'recipient_id' = :'uma'), 0,
  'nor an activity row');

-- Sending an invitation: refused, nothing made or mailed
select tests.authenticate_as(:'uma');
select throws_ok(format($$select api.share_with('unconf-stranger@example.com', folder_id => %L)$$, :'uma_folder'), 'PT403',
  'Confirm your email address before inviting people.', 'an unconfirmed account cannot invite an address without an account');
select tests.clear_authentication();
select is((select count(*)::int from app.share_invitations where email = 'unconf-stranger@example.com'), 0, 'no invitation is made');
select is((select count(*)::int from private.email_outbox where to_address = 'unconf-stranger@example.com'), 0, 'and nothing mailed');

-- Accepting an invitation waits for the address
select tests.authenticate_as(:'ada');
select ok((api.share_with('unconf-late@example.com', folder_id => :'plans')) ? 'invitation', 'a confirmed account invites an address');
select tests.clear_authentication();
select secret as invite_token from private.email_outbox where to_address = 'unconf-late@example.com' and kind = 'share_invitation' \gset
select tests.create_user('unconf-late@example.com', 'Late') as late \gset
select tests.authenticate_as(:'late');
select throws_ok(format($$select api.accept_invitation(%L)$$, :'invite_token'), 'PT403',
  'Confirm your email address before accepting invitations.', 'an unconfirmed account cannot accept it');
select tests.clear_authentication();
select ok((select accepted_at is null from app.share_invitations where email = 'unconf-late@example.com'), 'the invitation stays unused');
update app.users set email_confirmed_at = now() where id = :'late';
select tests.authenticate_as(:'late');
select is(api.accept_invitation(:'invite_token') ->> 'recipient_id', :'late', 'once the address is confirmed the same link works');
select tests.clear_authentication();

-- Explicit 'on' is the same as no setting; 'off' lifts the rule
insert into private.settings (key, value) values ('auth.require_email_confirmation', 'on');
select tests.authenticate_as(:'ada');
select throws_ok(format($$select api.share_with('unconf-uma@example.com', folder_id => %L)$$, :'plans'), 'PT409', null,
  'on: the same 409');
select tests.clear_authentication();
update private.settings set value = 'off' where key = 'auth.require_email_confirmation';
select tests.authenticate_as(:'ada');
select ok((api.share_with('unconf-uma@example.com', folder_id => :'plans')) ? 'share', 'off: an unconfirmed account receives a share');
select tests.clear_authentication();
select tests.authenticate_as(:'uma');
select ok((api.share_with('unconf-stranger@example.com', folder_id => :'uma_folder')) ? 'invitation', 'off: and may invite');
select tests.clear_authentication();
update private.settings set value = 'on' where key = 'auth.require_email_confirmation';

-- The signup whose password the account holds keeps it on confirming
select tests.authenticate_as_role('anon');
select api.signup('unconf-keep@example.com', 'keeping my drive', 'Keep');
select api.login('unconf-keep@example.com', 'keeping my drive') as keep_login \gset
select tests.clear_authentication();
select id as keep from app.users where email = 'unconf-keep@example.com' \gset
select tests.authenticate_as(:'keep');
select (api.create_folder('Before confirming')).id as keep_folder \gset
select tests.clear_authentication();
select secret as keep_token from private.email_outbox where to_address = 'unconf-keep@example.com' and kind = 'email_confirmation' \gset
select tests.authenticate_as_role('anon');
select api.confirm_email(:'keep_token') as keep_confirmed \gset
select tests.clear_authentication();
select is(:'keep_confirmed'::jsonb -> 0 -> 'user' ->> 'id', :'keep', 'confirming with the link of the signup that signed in keeps the account');
select is((select owner_id from app.folders where id = :'keep_folder'), :'keep'::uuid, 'with what it made');
select is((select count(*)::int from app.sessions where user_id = :'keep' and ended_at is not null), 0,
  'and none of its sessions from before ends');

-- Another signup's link on a used account: a new, empty account
select tests.authenticate_as_role('anon');
select api.signup('unconf-squat@example.com', 'the squatters pass', 'Squatter');
select tests.clear_authentication();
select id as squat from app.users where email = 'unconf-squat@example.com' \gset
select tests.authenticate_as(:'squat');
select (api.create_folder('Put your files here')).id as squat_folder \gset
select api.share_with('unconf-bob@example.com', folder_id => :'squat_folder', role => 'editor');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select api.signup('unconf-squat@example.com', 'the owners own pass', 'Owner');
select tests.clear_authentication();
select secret as owner_token from private.email_outbox where to_address = 'unconf-squat@example.com' and kind = 'email_confirmation'
order by id desc limit 1 \gset
select tests.authenticate_as_role('anon');
select api.confirm_email(:'owner_token') as owner_confirmed \gset
select tests.clear_authentication();
select isnt((:'owner_confirmed'::jsonb -> 0 -> 'user' ->> 'id')::uuid, :'squat'::uuid,
  'the mailbox''s owner, confirming another signup''s link, gets a new account');
select is((select count(*)::int from app.folders where owner_id = (:'owner_confirmed'::jsonb -> 0 -> 'user' ->> 'id')::uuid), 0,
  'an empty one');
select is((select count(*)::int from app.shares where folder_id = :'squat_folder'), 0, 'the squatter''s shares to a friend are gone');
select tests.authenticate_as_role('anon');
select is(api.login('unconf-squat@example.com', 'the squatters pass') ->> 'message', 'Invalid email or password',
  'and the squatter''s password no longer signs in');
select tests.clear_authentication();

select * from finish();
rollback;

-- Every event of today writes its notification in the transaction of its
-- cause, and rolls back with it. Preferences turn emails off, never the
-- in-app row; the security emails about password and email changes cannot
-- be turned off.
begin;
select plan(42);

select tests.create_user('event-ada@example.com', 'Ada') as ada \gset
select tests.create_user('event-bob@example.com', 'Bob') as bob \gset
update app.users set email_confirmed_at = now() where id in (:'ada', :'bob');

create function pg_temp.notes(who uuid, kind text) returns integer language sql as
  $$ select count(*)::int from app.notifications where user_id = who and type = kind $$;
create function pg_temp.mails(address text, kind text) returns integer language sql as
  $$ select count(*)::int from private.email_outbox where to_address = address and kind = mails.kind $$;

-- Password changed
select tests.authenticate_as(:'ada');
savepoint before_change;
select api.change_password('password123', 'a much longer password');
select tests.clear_authentication();
select is(pg_temp.notes(:'ada', 'password_changed'), 1, 'changing the password writes a notification');
select is(pg_temp.mails('event-ada@example.com', 'password_changed'), 1, 'and queues its email');
rollback to savepoint before_change;
select tests.clear_authentication();
select is(pg_temp.notes(:'ada', 'password_changed'), 0, 'a change rolled back takes its notification with it');
select ok((select extensions.crypt('password123', password_hash) = password_hash from app.users where id = :'ada'),
  'with the change itself');

-- The email cannot be turned off, even by a preference row written behind the API's back
select tests.authenticate_as(:'ada');
select throws_ok($$ select api.set_notification_preference('password_changed', false) $$, 'PT400',
  'This security email cannot be turned off', 'the password email cannot be turned off');
select throws_ok($$ select api.set_notification_preference('email_changed', false) $$, 'PT400',
  'This security email cannot be turned off', 'nor the email-change one');
select tests.clear_authentication();
insert into app.notification_preferences (user_id, type, email) values (:'ada', 'password_changed', false);
select tests.authenticate_as(:'ada');
select api.change_password('password123', 'a much longer password');
select tests.clear_authentication();
select is(pg_temp.mails('event-ada@example.com', 'password_changed'), 1, 'a locked email is sent whatever the row says');
select ok((select body_text like '%Hello Ada,%password of your pgdrive account was just changed%/forgot-password%'
           from private.email_outbox where to_address = 'event-ada@example.com' and kind = 'password_changed'),
  'rendered from its template with the name and the site''s link');

-- Password reset tells the same way
select tests.authenticate_as_role('anon');
select api.forgot_password('event-bob@example.com');
select tests.clear_authentication();
select secret as reset_token from private.email_outbox where to_address = 'event-bob@example.com' and kind = 'password_reset' \gset
select tests.authenticate_as_role('anon');
select api.reset_password(:'reset_token', 'bobs new long password');
select tests.clear_authentication();
select is(pg_temp.notes(:'bob', 'password_changed'), 1, 'a reset writes the password notification too');

-- Email changed (auth.confirm_email off: at once)
select tests.authenticate_as(:'bob');
savepoint before_email;
select api.update_me(null, null, 'event-bob2@example.com', 'bobs new long password');
select tests.clear_authentication();
select is((select payload from app.notifications where user_id = :'bob' and type = 'email_changed'),
  '{"to": "event-bob2@example.com", "from": "event-bob@example.com"}', 'changing the email writes a notification with both addresses');
select is(pg_temp.mails('event-bob@example.com', 'email_changed'), 1, 'the old address is mailed, as before');
rollback to savepoint before_email;
select tests.clear_authentication();
select is(pg_temp.notes(:'bob', 'email_changed'), 0, 'rolled back, no notification');
select is((select email::text from app.users where id = :'bob'), 'event-bob@example.com', 'and no change');
select tests.authenticate_as(:'bob');
select api.update_me(null, null, 'Event-Bob@example.com', 'bobs new long password');
select tests.clear_authentication();
select is(pg_temp.notes(:'bob', 'email_changed'), 0, 'a change of case only is no change');

-- Email changed through a confirmation link (auth.confirm_email on)
update private.settings set value = 'on' where key = 'auth.confirm_email';
select tests.authenticate_as(:'bob');
select api.update_me(null, null, 'event-bob3@example.com', 'bobs new long password');
select tests.clear_authentication();
select is(pg_temp.notes(:'bob', 'email_changed'), 0, 'asking for a change is not the change');
select secret as confirm_token from private.email_outbox where to_address = 'event-bob3@example.com' and kind = 'email_change_confirmation' \gset
select tests.authenticate_as_role('anon');
select api.confirm_email(:'confirm_token');
select tests.clear_authentication();
select is((select payload ->> 'to' from app.notifications where user_id = :'bob' and type = 'email_changed'), 'event-bob3@example.com',
  'opening the link writes the notification');
update private.settings set value = 'off' where key = 'auth.confirm_email';

-- Signed out everywhere
select count(*) as bobs_sessions from app.sessions where user_id = :'bob' and ended_at is null \gset
select tests.authenticate_as(:'bob');
savepoint before_logout;
select api.logout_all();
select tests.clear_authentication();
select is((select payload ->> 'sessions' from app.notifications where user_id = :'bob' and type = 'sessions_ended'), (:bobs_sessions + 1)::text,
  'signing out everywhere writes a notification with the number of sessions');
select is(pg_temp.mails('event-bob3@example.com', 'sessions_ended'), 0, 'its email is off by default');
rollback to savepoint before_logout;
select tests.clear_authentication();
select is(pg_temp.notes(:'bob', 'sessions_ended'), 0, 'rolled back, no notification');
select is((select count(*)::int from app.sessions where user_id = :'bob' and end_reason = 'logout_all'), 0, 'and no session ended');

-- A sign-in from a new device or address
create function pg_temp.login_from(address text, agent text, email text, password text) returns jsonb language plpgsql as $$
begin
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', jsonb_build_object('x-client-ip', address, 'user-agent', agent)::text, true);
  return api.login(email, password);
end $$;
select tests.create_user('event-cy@example.com', 'Cy') as cy \gset
update app.users set email_confirmed_at = now() where id = :'cy';
select pg_temp.login_from('10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', 'event-cy@example.com', 'password123');
select tests.clear_authentication();
select is(pg_temp.notes(:'cy', 'new_sign_in'), 0, 'the first sign-in of an account is no news');
select pg_temp.login_from('10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'event-cy@example.com', 'password123');
select tests.clear_authentication();
select is(pg_temp.notes(:'cy', 'new_sign_in'), 0, 'nor the same address and browser after an update');
savepoint before_sign_in;
select pg_temp.login_from('198.51.100.7', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'event-cy@example.com', 'password123');
select tests.clear_authentication();
select is((select payload - 'session_id' from app.notifications where user_id = :'cy' and type = 'new_sign_in'),
  '{"device": "Firefox on Linux", "address": "198.51.100.7"}', 'a new address writes a notification naming it and the device');
select is(pg_temp.mails('event-cy@example.com', 'new_sign_in'), 1, 'and emails it');
rollback to savepoint before_sign_in;
select tests.clear_authentication();
select is(pg_temp.notes(:'cy', 'new_sign_in'), 0, 'a sign-in rolled back leaves no notification');
select pg_temp.login_from('10.0.0.1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1', 'event-cy@example.com', 'password123');
select tests.clear_authentication();
select is((select payload ->> 'device' from app.notifications where user_id = :'cy' and type = 'new_sign_in'), 'Safari on iOS',
  'a new device from a known address writes one too');
select pg_temp.login_from('10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'event-cy@example.com', 'wrong password');
select tests.clear_authentication();
select is((select count from app.notifications where user_id = :'cy' and type = 'new_sign_in'), 1, 'a failed sign-in writes nothing');

-- Preferences suppress the email, not the in-app row
select tests.authenticate_as(:'cy');
select is((select email from api.notification_preferences() where type = 'new_sign_in'), true, 'new sign-in emails are on by default');
select is(api.set_notification_preference('new_sign_in', false), '{"type": "new_sign_in", "email": false}', 'I turn them off');
select is((select email from api.notification_preferences() where type = 'new_sign_in'), false, 'and the list says so');
select throws_ok($$ select api.set_notification_preference('no_such_type', true) $$, 'PT404', 'Unknown notification type', 'an unknown type is a 404');
select throws_ok($$ select api.set_notification_preference('new_sign_in', null) $$, 'PT400', 'email must be true or false', 'email must be given');
select tests.clear_authentication();
update app.notifications set read_at = now() where user_id = :'cy';
select pg_temp.mails('event-cy@example.com', 'new_sign_in') as cys_mails \gset
select pg_temp.login_from('203.0.113.9', 'curl/8.5.0', 'event-cy@example.com', 'password123');
select tests.clear_authentication();
select is(pg_temp.notes(:'cy', 'new_sign_in'), 2, 'with the email off, the in-app notification is still written');
select is(pg_temp.mails('event-cy@example.com', 'new_sign_in'), :cys_mails, 'but no email is queued');

select tests.authenticate_as(:'ada');
select is((select email from api.notification_preferences() where type = 'new_sign_in'), true, 'another user''s choice is theirs alone');
select is((select count(*)::int from app.notification_preferences where user_id = :'cy'), 0, 'and I cannot read it');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ select api.set_notification_preference('new_sign_in', false) $$, '42501', null, 'anon has no preferences to set');
select tests.clear_authentication();

-- Storage at 80% and 95%, as the bytes used cross them
insert into app.storage_accounts (owner_id, quota, used) values (:'ada', 1000, 100);
savepoint before_upload;
update app.storage_accounts set used = 850 where owner_id = :'ada';
select is((select payload ->> 'percent' from app.notifications where user_id = :'ada' and type = 'storage_80'), '85',
  'crossing 80% writes a notification');
select is(pg_temp.mails('event-ada@example.com', 'storage_80'), 1, 'and an email');
rollback to savepoint before_upload;
select is(pg_temp.notes(:'ada', 'storage_80'), 0, 'rolled back with the bytes, no notification');
update app.storage_accounts set used = 850 where owner_id = :'ada';
update app.storage_accounts set used = 900 where owner_id = :'ada';
select is((select count from app.notifications where user_id = :'ada' and type = 'storage_80'), 1, 'staying above 80% says nothing more');
update app.storage_accounts set used = 990 where owner_id = :'ada';
select is(pg_temp.notes(:'ada', 'storage_95'), 1, 'crossing 95% writes its own');

select * from finish();
rollback;

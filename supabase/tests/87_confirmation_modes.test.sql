-- auth.confirm_email: off keeps the old behaviour (sign in at once, 409 for
-- a taken address); on, signups stay limited per client address and per
-- mailbox with one answer for every address, take as long whichever way
-- they go, a password reset confirms, and housekeeping removes unconfirmed
-- accounts that were never used.
begin;
select plan(27);

insert into private.settings (key, value) values ('auth.max_signups_per_ip', '1000')
on conflict (key) do update set value = excluded.value;
select tests.create_user('taken@example.com', 'Taken') as taken \gset
update app.users set email_confirmed_at = now() where id = :'taken';

-- Off: today's behaviour, documented as the enumeration trade-off
update private.settings set value = 'off' where key = 'auth.confirm_email';
select tests.authenticate_as_role('anon');
select ok((api.signup('off@example.com', 'signed in at once', null) -> 0 ->> 'token') is not null, 'off: signup signs in at once');
select is(api.signup('taken@example.com', 'signed in at once', null) ->> 'message', 'An account with this email already exists',
  'off: a taken address is refused');
select is(current_setting('response.status', true), '409', 'off: with a 409');
select set_config('response.status', '', true);
select tests.clear_authentication();
select ok((select email_confirmed_at is not null from app.users where email = 'off@example.com'), 'off: the account counts as confirmed');
select is((select count(*)::int from private.email_outbox where to_address = 'off@example.com'), 0, 'off: no confirmation is mailed');
select tests.create_user('unproven@example.com') as unproven \gset
select tests.authenticate_as_role('anon');
select ok((api.login('unproven@example.com', 'password123') -> 0 ->> 'token') is not null, 'off: an unconfirmed account may sign in');
select tests.clear_authentication();
select tests.authenticate_as((select id from app.users where email = 'off@example.com'));
select throws_ok($$ select api.update_me(null, null, 'taken@example.com', 'signed in at once') $$, 'PT409', null,
  'off: update_me refuses a taken address');
select is(api.update_me(null, null, 'off.new@example.com', 'signed in at once') ->> 'email', 'off.new@example.com', 'off: and changes the email at once');
select tests.clear_authentication();

-- No setting at all means on
delete from private.settings where key = 'auth.confirm_email';
select tests.authenticate_as_role('anon');
select is(api.signup('default@example.com', 'confirmation is on', null) ->> 'message', 'Check your email to confirm your address.',
  'without the setting, confirmation is on');
select tests.clear_authentication();
insert into private.settings (key, value) values ('auth.confirm_email', 'on');

-- On: signups stay limited per client address, with one answer for every address
insert into private.settings (key, value) values ('auth.max_signups_per_ip', '2')
on conflict (key) do update set value = excluded.value;
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.50"}', true);
select api.signup('limit-free@example.com', 'limited signups', null);
select api.signup('taken@example.com', 'limited signups', null);
select is(api.signup('limit-free2@example.com', 'limited signups', null) ->> 'code', 'PT429', 'on: the third signup from one address is a 429');
select is(api.signup('taken@example.com', 'limited signups', null), api.signup('limit-free3@example.com', 'limited signups', null),
  'on: the same 429 for a taken and a free address');
select tests.clear_authentication();
insert into private.settings (key, value) values ('auth.max_signups_per_ip', '1000')
on conflict (key) do update set value = excluded.value;

-- ... and per mailbox: five mails to one address in 15 minutes
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.60"}', true);
select api.signup('flooded@example.com', 'flood the inbox ' || n, null) from generate_series(1, 5) n;
select is(api.signup('flooded@example.com', 'flood the inbox 6', null) ->> 'code', 'PT429', 'on: the sixth signup for one address in 15 minutes is a 429');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where to_address = 'flooded@example.com'), 5, 'on: its mailbox got five links, no more');

-- A disabled account's address: the same answer, no mail
select tests.create_user('gone@example.com') as gone \gset
update app.users set email_confirmed_at = now(), disabled_at = now() where id = :'gone';
select tests.authenticate_as_role('anon');
select is(api.signup('gone@example.com', 'disabled account', null) ->> 'message', 'Check your email to confirm your address.',
  'on: a disabled account''s address gets the same answer');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where to_address = 'gone@example.com'), 0, 'on: and its owner no mail');

-- Every way through signup hashes once: taken and free addresses take about as long
insert into private.settings (key, value) values ('bcrypt_cost', '10') on conflict (key) do update set value = excluded.value;
select tests.create_user('time-taken-' || n || '@example.com') from generate_series(1, 4) n;
update app.users set email_confirmed_at = now() where email like 'time-taken-%';
select tests.authenticate_as_role('anon');
select api.signup('warm-up@example.com', 'time the answers', null);
select clock_timestamp() as t0 \gset
select api.signup('time-free-' || n || '@example.com', 'time the answers', null) from generate_series(1, 4) n;
select clock_timestamp() as t1 \gset
select api.signup('time-taken-' || n || '@example.com', 'time the answers', null) from generate_series(1, 4) n;
select clock_timestamp() as t2 \gset
select tests.clear_authentication();
select diag(format('4 signups: free addresses %s ms, taken addresses %s ms',
  round(extract(epoch from :'t1'::timestamptz - :'t0'::timestamptz) * 1000),
  round(extract(epoch from :'t2'::timestamptz - :'t1'::timestamptz) * 1000)));
select ok(extract(epoch from :'t2'::timestamptz - :'t1'::timestamptz) / extract(epoch from :'t1'::timestamptz - :'t0'::timestamptz) between 0.5 and 2,
  'on: signups for taken addresses take about as long as for free ones (one bcrypt each)');
update private.settings set value = '4' where key = 'bcrypt_cost';

-- A password reset proves the mailbox: it confirms, and ends the signup links
select tests.authenticate_as_role('anon');
select api.signup('forgot@example.com', 'never confirmed', null);
select api.forgot_password('forgot@example.com');
select tests.clear_authentication();
select secret as signup_token from private.email_outbox where to_address = 'forgot@example.com' and kind = 'email_confirmation' \gset
select secret as reset_token from private.email_outbox where to_address = 'forgot@example.com' and kind = 'password_reset' \gset
select tests.authenticate_as_role('anon');
select api.reset_password(:'reset_token', 'a brand new passphrase');
select tests.clear_authentication();
select ok((select email_confirmed_at is not null from app.users where email = 'forgot@example.com'), 'on: a password reset confirms the address');
select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'signup_token'), 'PT400', 'This confirmation link is invalid or has expired',
  'on: and ends the signup''s link, so it cannot set the old password');
select ok((api.login('forgot@example.com', 'a brand new passphrase') -> 0 ->> 'token') is not null, 'on: the new password signs in');
select tests.clear_authentication();

-- The configured superadmin is confirmed
select private.ensure_superadmin('root@example.com', 'keys to the kingdom 1') as root \gset
select ok((select email_confirmed_at is not null from app.users where id = :'root'), 'the configured superadmin''s address is confirmed');

-- Housekeeping removes unconfirmed accounts nobody ever used
select tests.create_user('stale@example.com') as stale \gset
select tests.create_user('fresh@example.com') as fresh \gset
select tests.create_user('oldconfirmed@example.com') as oldconfirmed \gset
select tests.create_user('oldused@example.com') as oldused \gset
select tests.create_user('oldlinked@example.com') as oldlinked \gset
update app.users set created_at = now() - interval '8 days' where id in (:'stale', :'oldconfirmed', :'oldused', :'oldlinked');
update app.users set email_confirmed_at = now() - interval '8 days' where id = :'oldconfirmed';
insert into app.sessions (user_id) values (:'oldused');
select private.send_confirmation(:'oldlinked', 'signup', 'oldlinked@example.com', 'x', null);
select private.purge_auth_data();
select is((select count(*)::int from app.users where id = :'stale'), 0, 'an unconfirmed account a week old that never signed in is removed');
select is((select count(*)::int from app.users where id = :'fresh'), 1, 'a new unconfirmed account is kept');
select is((select count(*)::int from app.users where id = :'oldconfirmed'), 1, 'a confirmed account is kept');
select is((select count(*)::int from app.users where id = :'oldused'), 1, 'an unconfirmed account that has signed in is kept');
select is((select count(*)::int from app.users where id = :'oldlinked'), 1, 'an unconfirmed account with a live link is kept');
update private.email_confirmations set expires_at = now() - interval '2 days' where user_id = :'oldlinked';
select private.purge_auth_data();
select is((select count(*)::int from private.email_confirmations where user_id = :'oldlinked'), 0, 'links a day past expiry go');
select is((select count(*)::int from app.users where id = :'oldlinked'), 0, 'and then the account that never confirmed');

select * from finish();
rollback;

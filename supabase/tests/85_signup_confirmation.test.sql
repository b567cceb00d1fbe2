-- With auth.confirm_email on, signup answers the same whether or not the
-- address has an account, an address is confirmed through a single-use link
-- that carries the password of the signup that asked for it, an unconfirmed
-- account signs in with its password (what it may not do is proven in 53),
-- and resend_confirmation says nothing about who has an account.
begin;
select plan(46);

update private.settings set value = 'on' where key = 'auth.confirm_email';
insert into private.settings (key, value) values ('auth.max_signups_per_ip', '1000')
on conflict (key) do update set value = excluded.value;

select tests.create_user('owner@example.com', 'Owner') as owner \gset
update app.users set email_confirmed_at = now() where id = :'owner';
select password_hash as owner_hash from app.users where id = :'owner' \gset

-- A new address and a taken one get the same answer
select tests.authenticate_as_role('anon');
select api.signup('new@example.com', 'first signup pass', 'First') as free_answer \gset
select coalesce(nullif(current_setting('response.status', true), ''), '200') as free_status \gset
select api.signup('OWNER@example.com', 'some guess at it', 'Mallory') as taken_answer \gset
select coalesce(nullif(current_setting('response.status', true), ''), '200') as taken_status \gset
select tests.clear_authentication();

select is(:'free_answer'::jsonb, '{"message": "Check your email to confirm your address.", "confirmation_sent": true}',
  'signup with a new address answers "check your email", with no session');
select is(:'taken_answer'::jsonb, :'free_answer'::jsonb, 'signup with an address that has an account answers exactly the same');
select is(:'taken_status'::text, :'free_status', 'with the same status');
select is(:'free_status'::text, '200', 'which is a 200');

-- The new address: an unconfirmed account and a link
select ok((select email_confirmed_at is null from app.users where email = 'new@example.com'), 'the new account exists, unconfirmed');
select is((select count(*)::int from private.email_outbox where to_address = 'new@example.com' and kind = 'email_confirmation'), 1,
  'a confirmation email goes to the new address');
select ok((select body_text like '%/confirm?token={{secret}}%' and body_text not like '%First%'
           from private.email_outbox where to_address = 'new@example.com' and kind = 'email_confirmation'),
  'it holds a /confirm link, and nothing the signup typed (no name)');
select secret as first_token from private.email_outbox where to_address = 'new@example.com' and kind = 'email_confirmation' \gset
select ok(length(:'first_token') >= 43 and :'first_token' ~ '^[A-Za-z0-9_-]+$', 'the token is at least 256 random bits, base64url');
select is((select count(*)::int from private.email_confirmations where token_hash = extensions.digest(:'first_token', 'sha256')), 1,
  'only its SHA-256 is stored');
select is((select count(*)::int from private.email_confirmations where token_hash = convert_to(:'first_token', 'UTF8')), 0,
  'never the token itself');
select ok((select expires_at between now() + interval '23 hours' and now() + interval '25 hours'
           from private.email_confirmations where token_hash = extensions.digest(:'first_token', 'sha256')),
  'a link lives 24 hours');

-- The taken address: its owner is told, nothing changes
select ok((select subject = 'Someone tried to sign up with your pgdrive address' and secret is null and body_text not like '%Mallory%'
           from private.email_outbox where to_address = 'owner@example.com'),
  'the owner of a taken address gets a notice instead, with no link and no text from the signup');
select is((select password_hash from app.users where id = :'owner'), :'owner_hash', 'the owner''s password stays');
select is((select count(*)::int from private.email_confirmations where user_id = :'owner'), 0, 'and no confirmation is made for it');

-- An unconfirmed account signs in with its password
select id as first_account from app.users where email = 'new@example.com' \gset
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "198.51.100.20"}', true);
select api.login('new@example.com', 'first signup pass') as unconfirmed_login \gset
select coalesce(nullif(current_setting('response.status', true), ''), '200') as unconfirmed_status \gset
select set_config('response.status', '', true);
select api.login('new@example.com', 'wrong password!!') as wrong_login \gset
select current_setting('response.status', true) as wrong_status \gset
select set_config('response.status', '', true);
select tests.clear_authentication();
select is(:'unconfirmed_status'::text, '200', 'the right password of an unconfirmed account signs in');
select ok(:'unconfirmed_login'::jsonb -> 0 ->> 'token' is not null, 'with a session');
select ok(:'unconfirmed_login'::jsonb -> 0 -> 'user' -> 'email_confirmed_at' = 'null'::jsonb, 'whose user says the address is not confirmed');
select is(:'wrong_status'::text, '400', 'a wrong password for it is the usual 400');
select is(:'wrong_login'::jsonb ->> 'message', 'Invalid email or password', 'with the usual message');
select is((select count(*)::int from private.auth_attempts where bucket = 'login' and subject like '%new@example.com%'), 2,
  'only the wrong password is counted (per email and per email and address)');

-- A second signup for the unconfirmed address is not blocked by the first
select tests.authenticate_as_role('anon');
select is(api.signup('New@Example.com', 'second signup pass', 'Second'), :'free_answer'::jsonb,
  'a second signup for an unconfirmed address answers the same');
select tests.clear_authentication();
select is((select count(*)::int from app.users where email = 'new@example.com'), 1, 'it makes no second account');
select is((select count(*)::int from private.email_confirmations c join app.users u on u.id = c.user_id
           where u.email = 'new@example.com' and c.used_at is null and c.voided_at is null), 2,
  'but a second pending confirmation, with its own password');
select secret as second_token from private.email_outbox where to_address = 'new@example.com' and kind = 'email_confirmation' order by id desc limit 1 \gset

-- Whoever confirms through the mailbox gets the password they chose
select tests.authenticate_as_role('anon');
select api.confirm_email(:'second_token') as confirmed \gset
select tests.clear_authentication();
select ok((:'confirmed'::jsonb -> 0 ->> 'token') is not null and (:'confirmed'::jsonb -> 0 ->> 'refresh_token') is not null,
  'confirming signs in, as login does');
select is(:'confirmed'::jsonb -> 0 -> 'user' ->> 'email', 'new@example.com', 'as the account');
select ok((select email_confirmed_at is not null from app.users where email = 'new@example.com'), 'the address is confirmed');
select ok((select extensions.crypt('second signup pass', password_hash) = password_hash from app.users where email = 'new@example.com'),
  'with the password of the signup whose link was opened');
select is((select name from app.users where email = 'new@example.com'), 'Second', 'and its name');
select isnt((select id from app.users where email = 'new@example.com'), :'first_account'::uuid,
  'the account the first signup''s password had used is replaced by a new one, so nothing it made passes to the mailbox''s owner');
select is((select count(*)::int from app.activity_log where action = 'auth.email_confirmed' and meta ->> 'via' = 'signup'
           and actor_id = (select id from app.users where email = 'new@example.com')), 1, 'the confirmation is in the activity log');

select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'first_token'), 'PT400', 'This confirmation link is invalid or has expired',
  'the other signup''s link ended when one was confirmed');
select throws_ok(format('select api.confirm_email(%L)', :'second_token'), 'PT400', 'This confirmation link is invalid or has expired',
  'a link works once');
select throws_ok($$ select api.confirm_email('not-a-token') $$, 'PT400', 'This confirmation link is invalid or has expired', 'a made-up token is a 400');
select throws_ok($$ select api.confirm_email(null) $$, 'PT400', 'This confirmation link is invalid or has expired', 'no token is a 400');
select throws_ok(format('select api.confirm_email(%L)', repeat('x', 100000)), 'PT400', 'This confirmation link is invalid or has expired',
  'a huge token is a 400');
select ok((api.login('new@example.com', 'second signup pass') -> 0 ->> 'token') is not null, 'the confirmed account signs in with its password');
select is(api.login('new@example.com', 'first signup pass') ->> 'message', 'Invalid email or password', 'and not with the other signup''s');

-- An expired link
select api.signup('late@example.com', 'behind schedule pass', null);
select tests.clear_authentication();
select secret as late_token from private.email_outbox where to_address = 'late@example.com' and kind = 'email_confirmation' \gset
update private.email_confirmations set expires_at = now() - interval '1 second' where token_hash = extensions.digest(:'late_token', 'sha256');
select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'late_token'), 'PT400', 'This confirmation link is invalid or has expired',
  'an expired link is a 400');

-- Resending: the same answer for every address, a link only for an unconfirmed account
select api.resend_confirmation('nobody@example.com') as resend_unknown \gset
select api.resend_confirmation('owner@example.com') as resend_confirmed \gset
select api.resend_confirmation('LATE@example.com') as resend_unconfirmed \gset
select tests.clear_authentication();
select is(:'resend_confirmed'::jsonb, :'resend_unknown'::jsonb, 'resend answers the same for a confirmed account as for no account');
select is(:'resend_unconfirmed'::jsonb, :'resend_unknown'::jsonb, 'and for an unconfirmed one');
select is((select count(*)::int from private.email_outbox where to_address in ('nobody@example.com', 'owner@example.com') and kind = 'email_confirmation'), 0,
  'no link goes to an address without an unconfirmed account');
select secret as resent_token from private.email_outbox where to_address = 'late@example.com' and kind = 'email_confirmation' order by id desc limit 1 \gset
select isnt(:'resent_token'::text, :'late_token'::text, 'the unconfirmed account gets a new link');
select tests.authenticate_as_role('anon');
select ok((api.confirm_email(:'resent_token') -> 0 ->> 'token') is not null, 'which confirms it');
select tests.clear_authentication();
select ok((select extensions.crypt('behind schedule pass', password_hash) = password_hash from app.users where email = 'late@example.com'),
  'with the password of the signup it was resent for');

-- Resend is limited per address, with the same 429 for every address
select tests.create_user('owner2@example.com') as owner2 \gset
update app.users set email_confirmed_at = now() where id = :'owner2';
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "198.51.100.30"}', true);
select api.resend_confirmation('nobody2@example.com') from generate_series(1, 5);
select set_config('request.headers', '{"x-client-ip": "198.51.100.31"}', true);
select api.resend_confirmation('owner2@example.com') from generate_series(1, 5);
select is(api.resend_confirmation('nobody2@example.com'), api.resend_confirmation('owner2@example.com'),
  'past 5 in 15 minutes an unknown and a taken address get the same answer');
select is(api.resend_confirmation('owner2@example.com') ->> 'code', 'PT429', 'a 429');
select tests.clear_authentication();

select * from finish();
rollback;

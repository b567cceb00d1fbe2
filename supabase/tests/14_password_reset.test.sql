-- Password reset by email and the outbox it goes through.
begin;
select plan(20);

select tests.create_user('forgetful@example.com', 'Forgetful') as forgetful \gset
select tests.authenticate_as(:'forgetful');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select api.forgot_password('Forgetful@Example.com') as known \gset
select api.forgot_password('nobody@example.com') as unknown \gset
select is(:'known'::jsonb, :'unknown'::jsonb, 'forgot_password answers the same whether or not the email exists');
select throws_ok($$ select api.forgot_password('not-an-email') $$, 'PT400', null, 'a malformed email is a 400');
select throws_ok($$ select api.forgot_password(null) $$, 'PT400', null, 'a missing email is a 400');
select tests.clear_authentication();

select is((select count(*)::int from private.email_outbox where kind = 'password_reset'), 1, 'only the existing account gets an email');
select ok((select body_text from private.email_outbox where kind = 'password_reset') like '%/reset-password?token={{secret}}%', 'the stored body holds a placeholder, not the token');
select ok(not exists (select from app.activity_log l, private.email_outbox o where o.secret is not null and l.meta::text like '%' || o.secret || '%'), 'the token never reaches the activity log');

-- The drain sees the real link
select * from private.claim_emails(10) \gset claimed_
select ok(:'claimed_body_text' ~ 'http://127\.0\.0\.1:54323/reset-password\?token=[A-Za-z0-9_-]{43}', 'the claimed message carries the link with the token');
select substring(:'claimed_body_text' from 'token=([A-Za-z0-9_-]+)') as token \gset
select is((select status from private.email_outbox where id = :claimed_id), 'sending', 'a claimed message is marked sending');
select is((select count(*)::int from private.claim_emails(10)), 0, 'a claimed message is not handed out twice');
select private.email_sent(:claimed_id);
select is((select secret from private.email_outbox where id = :claimed_id), null, 'the secret is scrubbed once sent');

-- A newer request voids the older link
select tests.authenticate_as_role('anon');
select api.forgot_password('forgetful@example.com');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$ select api.reset_password(%L, 'a new password') $$, :'token'), 'PT400', 'This reset link is invalid or has expired', 'a newer request voids the older link');
select tests.clear_authentication();

select secret as token2 from private.email_outbox where kind = 'password_reset' and status = 'pending' \gset
select tests.authenticate_as_role('anon');
select throws_ok(format($$ select api.reset_password(%L, 'short') $$, :'token2'), 'PT400', 'Password is too short: at least 8 characters', 'the new password must be valid');
select lives_ok(format($$ select api.reset_password(%L, 'a new password') $$, :'token2'), 'the latest link resets the password');
select throws_ok(format($$ select api.reset_password(%L, 'another password') $$, :'token2'), 'PT400', null, 'a link works once');
select ok((api.login('forgetful@example.com', 'a new password') -> 0 ->> 'token') is not null, 'the new password signs in');
select tests.clear_authentication();

select is((select count(*)::int from app.sessions where user_id = :'forgetful' and end_reason = 'password_reset'), 1, 'the reset ended every earlier session');
select is((select count(*)::int from private.email_outbox where kind = 'password_changed'), 1, 'a "password changed" email is queued');

-- Retries and failure
select id as changed_id from private.email_outbox where kind = 'password_changed' \gset
insert into private.settings (key, value) values ('auth.email_max_attempts', '2') on conflict (key) do update set value = '2';
select count(*) from private.claim_emails(10);
select private.email_failed(:changed_id, 'connection refused');
select is((select status from private.email_outbox where id = :changed_id), 'pending', 'a failed send is retried');
select ok((select next_attempt_at > now() from private.email_outbox where id = :changed_id), 'after a back-off');
update private.email_outbox set next_attempt_at = now() where id = :changed_id;
select count(*) from private.claim_emails(10);
select private.email_failed(:changed_id, 'still refused');
select is((select status || ': ' || last_error from private.email_outbox where id = :changed_id), 'failed: still refused', 'past the limit it is failed, keeping the last error');

select * from finish();
rollback;

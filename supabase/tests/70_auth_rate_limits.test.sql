-- Rate limits that survive the error they answer with: forgot_password per
-- email and per client address, the same for known and unknown emails;
-- client addresses counted per IPv4 address or IPv6 /64; windows per bucket;
-- a replayed refresh token ends its family without raising.
begin;
select plan(16);

select tests.create_user('forgetful@example.com', 'Forgetful') as forgetful \gset

-- forgot_password: five per email, then the same 429 whether or not the email has an account
select tests.authenticate_as_role('anon');
select api.forgot_password('forgetful@example.com') from generate_series(1, 5);
select api.forgot_password('nobody@example.com') from generate_series(1, 5);
select api.forgot_password('Forgetful@Example.com') as known \gset
select is(current_setting('response.status', true), '429', 'a sixth reset request for one email in the window is refused with 429');
select is(current_setting('response.headers', true), '[{"Retry-After": "60"}]', 'with Retry-After');
select api.forgot_password('nobody@example.com') as unknown \gset
select is(:'known'::jsonb, :'unknown'::jsonb, 'an email without an account gets the very same 429');
select is(:'known'::jsonb ->> 'code', 'PT429', 'in PostgREST''s error shape, answered without raising so the count commits');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where kind = 'password_reset'), 5, 'the mailbox gets at most five reset emails in the window');
select is((select count(*)::int from app.activity_log where action = 'auth.reset_requested'), 10, 'each counted request is in the activity log');

-- Per client address, whatever the email
insert into private.settings (key, value) values ('auth.max_resets_per_ip', '3');
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.9"}', true);
select api.forgot_password('r' || n || '@example.com') from generate_series(1, 3) n;
select is(api.forgot_password('fresh@example.com') ->> 'code', 'PT429', 'too many reset requests from one address are refused, whatever the email');
select set_config('request.headers', '{"x-client-ip": "::ffff:203.0.113.9"}', true);
select is(api.forgot_password('fresh@example.com') ->> 'code', 'PT429', 'the same client through an IPv4-mapped IPv6 address shares its counter');

-- IPv6: one /64 is one client
select set_config('request.headers', '{"x-client-ip": "2001:db8:1:2::1"}', true);
select api.forgot_password('s' || n || '@example.com') from generate_series(1, 2) n;
select set_config('request.headers', '{"x-client-ip": "2001:db8:1:2:aaaa:bbbb:cccc:dddd"}', true);
select api.forgot_password('s3@example.com');
select set_config('request.headers', '{"x-client-ip": "2001:db8:1:2:ffff::9"}', true);
select is(api.forgot_password('s4@example.com') ->> 'code', 'PT429', 'addresses of one IPv6 /64 share one counter');
select set_config('request.headers', '{"x-client-ip": "2001:db8:1:3::1"}', true);
select is(api.forgot_password('s4@example.com') ->> 'message', 'If an account exists for this email, a link to reset its password is on its way.', 'the next /64 is another client');
select tests.clear_authentication();

select is(private.client_key('192.0.2.7'), '192.0.2.7', 'an IPv4 client is its address');
select is(private.client_key('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64', 'an IPv6 client is its /64');

-- Windows per bucket: an hour-long bucket keeps its rows through housekeeping
insert into private.auth_attempts (bucket, subject, created_at) values
  ('signup', 'ip:192.0.2.50', now() - interval '30 minutes'),
  ('login', 'ip:192.0.2.50', now() - interval '30 minutes');
select private.purge_auth_data();
select is((select array_agg(bucket order by bucket) from private.auth_attempts where subject = 'ip:192.0.2.50'), array['signup'],
  'housekeeping forgets a 15-minute bucket''s old attempts but keeps an hour-long bucket''s');

-- A replayed refresh token ends its family and answers without raising
select tests.authenticate_as_role('anon');
select api.login('forgetful@example.com', 'password123') -> 0 ->> 'refresh_token' as rt1 \gset
select api.refresh(:'rt1') -> 0 ->> 'refresh_token' as rt2 \gset
select lives_ok(format($$ select api.refresh(%L) $$, :'rt1'), 'replaying a rotated refresh token is answered without raising');
select is(current_setting('response.status', true), '401', 'with a 401');
select tests.clear_authentication();
select is((select end_reason from app.sessions where user_id = :'forgetful' and ended_at is not null), 'token_reuse',
  'and the session ended in the same transaction, so the end commits with the answer');

select * from finish();
rollback;

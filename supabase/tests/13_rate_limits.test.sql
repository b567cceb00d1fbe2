-- Brute force: failed logins counted per email and per client IP; past the
-- limit a 429 with Retry-After until a growing back-off ends.
begin;
select plan(14);

select tests.create_user('target@example.com', 'Target') as target \gset
select tests.authenticate_as_role('anon');

select is(api.login('target@example.com', 'wrong password') ->> 'message', 'Invalid email or password', 'failure 1 is a plain 400');
select api.login('target@example.com', 'wrong password') from generate_series(2, 5);
select api.login('target@example.com', 'password123') as locked \gset
select is(current_setting('response.status', true), '429', 'after 5 failures even the right password gets a 429');
select is(:'locked'::jsonb ->> 'code', 'PT429', 'in PostgREST''s error shape');
select is(current_setting('response.headers', true), '[{"Retry-After": "60"}]', 'with a Retry-After header of the first back-off (60 s)');
select is(:'locked'::jsonb ->> 'hint', 'Retry after 60 seconds', 'and the same hint in the body');
select is(api.login('TARGET@example.com', 'wrong password') ->> 'code', 'PT429', 'the count is per email whatever its case');

select tests.clear_authentication();
select is((select count(*)::int from private.auth_attempts where subject = 'email:target@example.com'), 5, 'refused attempts are not counted (no lockout extension by an attacker)');
-- The back-off grows: one more failure after the first lockout doubles it.
update private.auth_attempts set created_at = created_at - interval '61 seconds';
select tests.authenticate_as_role('anon');
select is(api.login('target@example.com', 'wrong password') ->> 'message', 'Invalid email or password', 'after the back-off ends, the next attempt is checked again');
select api.login('target@example.com', 'password123') as locked2 \gset
select is(current_setting('response.headers', true), '[{"Retry-After": "120"}]', 'a further failure doubles the back-off');

select tests.clear_authentication();
update private.auth_attempts set created_at = created_at - interval '16 minutes';
select tests.authenticate_as_role('anon');
select ok((api.login('target@example.com', 'password123') -> 0 ->> 'token') is not null, 'after the window the right password signs in');
select tests.clear_authentication();
select is((select count(*)::int from private.auth_attempts where subject = 'email_ip:target@example.com 127.0.0.1'), 0, 'a successful login clears the failures of this email from this address');

-- Per client IP: many emails from one address
select tests.clear_authentication();
insert into private.settings (key, value) values ('auth.max_failures_per_ip', '3');
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.9"}', true);
select api.login('a' || n || '@example.com', 'wrong password') from generate_series(1, 3) n;
select is(api.login('fresh@example.com', 'wrong password') ->> 'code', 'PT429', 'too many failures from one client IP lock that IP out, whatever the email');
select set_config('request.headers', '{"x-client-ip": "198.51.100.7"}', true);
select is(api.login('fresh@example.com', 'wrong password') ->> 'code', '28P01', 'another client IP is not affected');
select set_config('request.headers', '{"x-client-ip": "not an ip"}', true);
select is(api.login('fresh2@example.com', 'wrong password') ->> 'code', '28P01', 'a malformed client IP header is ignored, not an error');
select tests.clear_authentication();

select * from finish();
rollback;

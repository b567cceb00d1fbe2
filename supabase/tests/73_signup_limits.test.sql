-- Signups are limited per client address: accounts created and emails found
-- taken both count, bad input does not; the 409 commits its count.
begin;
select plan(20);

select tests.create_user('taken@example.com', 'Taken') as taken \gset

select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "198.51.100.5"}', true);
select ok((api.signup('new' || n || '@example.com', 'correct horse battery', null) -> 0 ->> 'token') is not null,
  'signup ' || n || ' from one address creates an account')
from generate_series(1, 10) n;
select api.signup('new11@example.com', 'correct horse battery', null) as refused \gset
select is(:'refused'::jsonb ->> 'code', 'PT429', 'the eleventh signup from one address within the hour is refused');
select is(current_setting('response.headers', true), '[{"Retry-After": "60"}]', 'with Retry-After');
select set_config('request.headers', '{"x-client-ip": "198.51.100.6"}', true);
select ok((api.signup('new11@example.com', 'correct horse battery', null) -> 0 ->> 'token') is not null, 'another address may still sign up');
select tests.clear_authentication();
select is((select count(*)::int from app.users where email = 'new11@example.com'), 1, 'the refused signup created nothing (the other address''s did)');

-- An email found taken counts too, and its 409 commits
insert into private.settings (key, value) values ('auth.max_signups_per_ip', '2');
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.7"}', true);
select lives_ok($$ select api.signup('TAKEN@example.com', 'correct horse battery', null) $$, 'signup answers "email taken" without raising, so the attempt is counted');
select is(current_setting('response.status', true), '409', 'still with its 409');
select is(api.signup('taken@example.com', 'correct horse battery', null) ->> 'message', 'An account with this email already exists', 'and its message');
select throws_ok($$ select api.signup('x@example.com', 'short', null) $$, 'PT400', null, 'bad input is still a 400');
select is(api.signup('free@example.com', 'correct horse battery', null) ->> 'code', 'PT429', 'two emails probed from one address use up its signups; bad input used none');
select tests.clear_authentication();
select is((select count(*)::int from app.activity_log where action = 'auth.signup_refused' and meta ->> 'email' = 'taken@example.com'), 2, 'each "email taken" is in the activity log');

select * from finish();
rollback;

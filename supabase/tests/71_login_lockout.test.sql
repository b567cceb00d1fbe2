-- Targeted lockout: a guesser locks out the address it guesses from, not the
-- owner elsewhere; guessing spread over many addresses is slowed down for
-- addresses the owner never used; the owner is told once per episode.
begin;
select plan(22);

select tests.create_user('owner@example.com', 'Owner') as owner \gset
select tests.create_user('target@example.com', 'Target') as target \gset

select tests.authenticate_as_role('anon');
-- The owner has signed in from home before.
select set_config('request.headers', '{"x-client-ip": "198.51.100.20"}', true);
select api.login('owner@example.com', 'password123');

-- An attacker guesses from one address
select set_config('request.headers', '{"x-client-ip": "203.0.113.66"}', true);
select is(api.login('owner@example.com', 'guess ' || n) ->> 'code', '28P01', 'wrong password ' || n || ' from the attacker''s address is a plain 400')
from generate_series(1, 5) n;
select is(api.login('owner@example.com', 'password123') ->> 'code', 'PT429', 'after five failures that address is locked, even with the right password');
select is(current_setting('response.headers', true), '[{"Retry-After": "60"}]', 'with the usual back-off');

select set_config('request.headers', '{"x-client-ip": "198.51.100.20"}', true);
select ok((api.login('owner@example.com', 'password123') -> 0 ->> 'token') is not null, 'the owner still signs in from home');
select set_config('request.headers', '{"x-client-ip": "192.0.2.44"}', true);
select ok((api.login('owner@example.com', 'password123') -> 0 ->> 'token') is not null, 'and from an address never used before');
select tests.clear_authentication();

select is((select count(*)::int from private.email_outbox where kind = 'login_locked' and to_address = 'owner@example.com'), 1, 'the owner is told by email');
select ok((select body_text from private.email_outbox where kind = 'login_locked') like '%from the address 203.0.113.66%', 'naming the address the guesses came from');
select is((select meta ->> 'scope' from app.activity_log where action = 'auth.login_locked' and actor_id = :'owner'), 'address', 'and the lock is in the owner''s activity log');

-- The lock extends after its back-off: same episode, no second email
update private.auth_attempts set created_at = created_at - interval '61 seconds' where bucket = 'login';
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.66"}', true);
select is(api.login('owner@example.com', 'guess 6') ->> 'code', '28P01', 'after the back-off the attacker may guess once more');
select is(api.login('owner@example.com', 'guess 7') ->> 'code', 'PT429', 'and is locked again at once');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where kind = 'login_locked'), 1, 'one email per lock episode, not one per lock');

-- After the notice interval a new episode is told again
update private.auth_attempts set created_at = created_at - interval '2 hours';
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.66"}', true);
select api.login('owner@example.com', 'guess ' || n) from generate_series(8, 12) n;
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where kind = 'login_locked'), 2, 'a new episode an hour later is told again');

-- Guessing spread over many addresses: slowed down for addresses the owner never used
insert into private.settings (key, value) values ('auth.max_failures_per_email', '8');
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "198.51.100.30"}', true);
select api.login('target@example.com', 'password123');
do $$
begin
  for n in 1..8 loop
    perform set_config('request.headers', json_build_object('x-client-ip', '203.0.113.' || n)::text, true);
    perform api.login('target@example.com', 'guess ' || n);
  end loop;
end
$$;
select set_config('request.headers', '{"x-client-ip": "203.0.113.99"}', true);
select is(api.login('target@example.com', 'password123') ->> 'code', 'PT429', 'past the per-email limit a new address waits, even with the right password');
select set_config('request.headers', '{"x-client-ip": "198.51.100.30"}', true);
select ok((api.login('target@example.com', 'password123') -> 0 ->> 'token') is not null, 'an address the owner signed in from is not slowed down');
select tests.clear_authentication();
select is((select meta ->> 'scope' from app.activity_log where action = 'auth.login_locked' and actor_id = :'target'), 'email', 'the owner is told about guessing from many addresses too');

-- No enumeration, no mail for nobody
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.70"}', true);
select api.login('nobody@example.com', 'guess ' || n) from generate_series(1, 5) n;
select is(api.login('nobody@example.com', 'guess 6') ->> 'code', 'PT429', 'an unknown email locks the same way');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where to_address = 'nobody@example.com'), 0, 'and nobody is mailed');

-- A password reset forgets the email's failures, so the owner's own address is let in again
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "192.0.2.44"}', true);
select api.login('owner@example.com', 'typo ' || n) from generate_series(1, 5) n;
select api.forgot_password('owner@example.com');
select tests.clear_authentication();
select secret as reset_token from private.email_outbox where kind = 'password_reset' and to_address = 'owner@example.com' \gset
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "192.0.2.44"}', true);
select api.reset_password(:'reset_token', 'a fresh phrase of mine');
select ok((api.login('owner@example.com', 'a fresh phrase of mine') -> 0 ->> 'token') is not null,
  'after a reset the owner signs in from the address their own typos had locked');
select tests.clear_authentication();

select * from finish();
rollback;

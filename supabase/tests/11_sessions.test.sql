-- Signup, login, refresh rotation with reuse detection, logout and the
-- pre-request check, called as the API roles call them.
begin;
select plan(35);

select tests.authenticate_as_role('anon');

-- Signup
select api.signup('Carol@Example.com', 'correct horse', '  Carol  ') as signup \gset
select is(jsonb_array_length(:'signup'::jsonb), 1, 'signup answers an array holding one object');
select ok((:'signup'::jsonb -> 0 ->> 'token') ~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$', 'the access token is a compact JWT without line breaks');
select is(:'signup'::jsonb -> 0 ->> 'token_type', 'bearer', 'token_type is bearer');
select is((:'signup'::jsonb -> 0 ->> 'expires_in')::int, 900, 'the access token lives 15 minutes');
select is(:'signup'::jsonb -> 0 -> 'user' ->> 'name', 'Carol', 'the name is trimmed');
select is(:'signup'::jsonb -> 0 -> 'user' -> 'app_roles', '["editor"]'::jsonb, 'a new user is an editor');
select ok(length(:'signup'::jsonb -> 0 ->> 'refresh_token') >= 43, 'the refresh token carries 256 random bits');

select is(api.signup('carol@example.com', 'another password', null) ->> 'message', 'An account with this email already exists', 'signup refuses an email taken in another case');
select throws_ok($$ select api.signup('dave@example.com', 'short', null) $$, 'PT400', 'Password is too short: at least 8 characters', 'a password under 8 characters is refused');
select throws_ok($$ select api.signup('dave@example.com', repeat('é', 40), null) $$, 'PT400', 'Password is too long: at most 72 bytes', 'a password over 72 bytes is refused, counting bytes not characters');
select throws_ok($$ select api.signup('dave', 'long enough', null) $$, 'PT400', 'A valid email address is required', 'an invalid email is refused');
select throws_ok($$ select api.signup('["dave@example.com"]', 'long enough', null) $$, 'PT400', 'A valid email address is required', 'a JSON array sent as the email is refused');
select throws_ok($$ select api.signup('dave@example.com', 'long enough', '{"a": 1}') $$, 'PT400', 'Name must be a string', 'a JSON object sent as the name is refused');
select lives_ok($$ select api.signup('Zoë.Ünï+tag@exämple.co.uk', 'pässwörd ✓✓', '[Zoë]') $$, 'unicode emails, passwords and names are accepted');
select throws_ok($$ select api.signup(null, 'long enough', null) $$, 'PT400', 'A valid email address is required', 'a missing email is refused');
select throws_ok($$ select api.signup('dave@example.com', null, null) $$, 'PT400', 'A password is required', 'a missing password is refused');
select throws_ok($$ select api.signup('dave@example.com', 'long enough', repeat('x', 10000000)) $$, 'PT400', 'Name is too long: at most 100 characters', 'a 10 MB name is refused');

-- Login
select api.login('carol@example.com', 'wrong password') as bad \gset
select is(current_setting('response.status', true), '400', 'a wrong password answers 400');
select is(:'bad'::jsonb ->> 'message', 'Invalid email or password', 'with the shared message');
select is(api.login('nobody@example.com', 'wrong password') ->> 'message', 'Invalid email or password', 'an unknown email gets the very same message');
select api.login('CAROL@example.com', 'correct horse') as good \gset
select ok((:'good'::jsonb -> 0 ->> 'token') is not null, 'the right password signs in, email in any case');
select throws_ok($$ select api.login(null, null) $$, 'PT400', 'Email and password are required', 'login without fields is refused');

-- Refresh rotation and reuse
select :'good'::jsonb -> 0 ->> 'refresh_token' as rt1 \gset
select api.refresh(:'rt1') as rotated \gset
select ok((:'rotated'::jsonb -> 0 ->> 'refresh_token') <> :'rt1', 'refresh rotates the refresh token');
select :'rotated'::jsonb -> 0 ->> 'refresh_token' as rt2 \gset
select throws_ok($$ select api.refresh('not-a-token') $$, 'PT401', 'Invalid or expired refresh token', 'an unknown refresh token is refused');
select is(api.refresh(:'rt1') ->> 'code', 'PT401', 'presenting a rotated token again is refused');
select is(current_setting('response.status', true), '401', 'with a 401');
select is(api.refresh(:'rt2') ->> 'code', 'PT401', 'reuse revoked the whole family: the newest token is dead too');

select tests.clear_authentication();
select is(
  (select end_reason from app.sessions s join app.users u on u.id = s.user_id
   where lower(u.email::text) = 'carol@example.com' and s.ended_at is not null),
  'token_reuse',
  'the session ended for token reuse'
);
select ok(exists (select from app.activity_log where action = 'auth.token_reuse'), 'the reuse is logged');
select ok(not exists (select from app.activity_log where meta::text like '%' || :'rt1' || '%'), 'no raw token reaches the activity log');

-- Pre-request: a live session passes; after logout the same claims fail at once
select id as carol from app.users where lower(email::text) = 'carol@example.com' \gset
select tests.authenticate_as(:'carol');
select lives_ok($$ select app.pre_request() $$, 'the pre-request accepts a live session');
select lives_ok($$ select api.logout() $$, 'logout succeeds');
select throws_ok($$ select app.pre_request() $$, 'PT401', 'Your session has ended. Sign in again.', 'the pre-request refuses the logged-out session''s token at once');
select tests.clear_authentication();

select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'carol', 'session_id', 'garbage'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'a token naming no valid session is refused');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select lives_ok($$ select app.pre_request() $$, 'the pre-request lets anon through');
select tests.clear_authentication();

select * from finish();
rollback;

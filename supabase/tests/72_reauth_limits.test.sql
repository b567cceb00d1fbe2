-- Current-password checks (change_password, update_me's email change) are
-- limited like login: counted per user without raising, logged, 429 past
-- the limit even for the right password, forgotten after the right one.
begin;
select plan(16);

select tests.create_user('pat@example.com', 'Pat') as pat \gset
select tests.create_user('sam@example.com', 'Sam') as sam \gset

select tests.authenticate_as(:'pat');
select lives_ok($$ select api.change_password('wrong password', 'brand new password') $$,
  'a wrong current password is answered without raising, so the failure is counted');
select is(current_setting('response.status', true), '400', 'with a 400');
select is(api.change_password('wrong password', 'brand new password') ->> 'message', 'Current password is incorrect', 'saying what was wrong');
select api.change_password('wrong password', 'brand new password') from generate_series(3, 4);
-- A new session (another stolen token) does not start a new count
select tests.clear_authentication();
select tests.authenticate_as(:'pat');
select api.change_password('wrong password', 'brand new password');
select api.change_password('password123', 'brand new password') as locked \gset
select is(:'locked'::jsonb ->> 'code', 'PT429', 'after five wrong passwords even the right one gets a 429');
select is(current_setting('response.status', true), '429', 'answered with status 429');
select is(current_setting('response.headers', true), '[{"Retry-After": "60"}]', 'and Retry-After');
select tests.clear_authentication();

select ok((select extensions.crypt('password123', password_hash) = password_hash from app.users where id = :'pat'), 'the password did not change');
select is((select count(*)::int from app.activity_log where action = 'auth.reauth_failed' and actor_id = :'pat'), 5, 'each wrong password is in the activity log');
select is((select count(*)::int from app.activity_log where action = 'auth.reauth_failed' and meta ->> 'via' = 'change_password'), 5, 'naming the change it guarded');

-- update_me's password check shares the count
select tests.authenticate_as(:'sam');
select is(api.update_me(null, null, 'sam2@example.com', 'wrong ' || n) ->> 'message', 'Current password is incorrect', 'update_me: wrong password ' || n || ' is a 400')
from generate_series(1, 3) n;
select api.change_password('wrong password', 'brand new password') from generate_series(4, 5);
select is(api.update_me(null, null, 'sam2@example.com', 'password123') ->> 'code', 'PT429', 'update_me and change_password share one count per user');
select tests.clear_authentication();
select is((select email::text from app.users where id = :'sam'), 'sam@example.com', 'and the email did not change');

-- After the back-off the right password works and forgets the failures
update private.auth_attempts set created_at = created_at - interval '61 seconds' where bucket = 'reauth';
select tests.authenticate_as(:'sam');
select is(api.update_me(null, null, 'sam2@example.com', 'password123') ->> 'email', 'sam2@example.com', 'after the back-off the right password changes the email');
select tests.clear_authentication();
select is((select count(*)::int from private.auth_attempts where bucket = 'reauth' and subject = 'user:' || :'sam'), 0, 'and the user''s failures are forgotten');

select * from finish();
rollback;

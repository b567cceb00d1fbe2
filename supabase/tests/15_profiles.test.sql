-- Profiles: me, update_me, change_password and the public profile view.
begin;
select plan(16);

select tests.create_user('pat@example.com', 'Pat') as pat \gset
select tests.create_user('sam@example.com', 'Sam') as sam \gset

select tests.authenticate_as(:'pat');
select is(api.me() ->> 'email', 'pat@example.com', 'me shows the caller''s own email');
select is(api.update_me('  Patricia ', 'Likes files') ->> 'name', 'Patricia', 'update_me sets a trimmed name');
select is(api.update_me(null, null) ->> 'bio', 'Likes files', 'a null argument keeps the field');
select is(api.update_me(null, '') ->> 'bio', null, 'an empty string clears the bio');
select throws_ok($$ select api.update_me(repeat('x', 101)) $$, 'PT400', null, 'a name over 100 characters is refused');
select throws_ok($$ select api.update_me(null, repeat('x', 10000000)) $$, 'PT400', null, 'a 10 MB bio is refused');
select is(api.update_me(null, null, 'pat2@example.com') ->> 'message', 'Current password is incorrect', 'changing the email needs the current password');
select throws_ok($$ select api.update_me(null, null, 'sam@example.com', 'password123') $$, 'PT409', null, 'an email in use is refused');
select is(api.update_me(null, null, 'pat2@example.com', 'password123') ->> 'email', 'pat2@example.com', 'with the password the email changes');
select is(api.profile(:'sam') ->> 'name', 'Sam', 'a signed-in user reads another''s profile by its id');
select is(api.change_password('wrong password', 'brand new password') ->> 'message', 'Current password is incorrect', 'change_password checks the current password');
select throws_ok($$ select api.change_password('password123', 'short') $$, 'PT400', null, 'change_password checks the new password');
select lives_ok($$ select api.change_password('password123', 'brand new password') $$, 'change_password with the right password works');
select lives_ok($$ select app.pre_request() $$, 'the current session survives a password change');
select tests.clear_authentication();

select ok((select count(*) from app.sessions where user_id = :'pat' and ended_at is null) = 1, 'other sessions ended on a password change, only the current one lives');

select tests.authenticate_as_role('anon');
select throws_ok($$ select * from api.profiles $$, '42501', null, 'anon cannot read profiles');
select tests.clear_authentication();

select * from finish();
rollback;

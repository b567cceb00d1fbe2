-- Profiles are not a directory: a user lists their own (an administrator
-- everyone's) and reads another's by id; avatars follow the profile.
begin;
select plan(17);

select tests.create_user('pat@example.com', 'Pat') as pat \gset
select tests.create_user('sam@example.com', 'Sam') as sam \gset
select tests.create_user('gone@example.com', 'Gone') as gone \gset
select tests.create_user('boss@example.com', 'Boss') as boss \gset
insert into app.user_roles (user_id, role_id) select :'boss', id from app.roles where name = 'admin';
update app.users set disabled_at = now(), bio = 'Was here' where id = :'gone';
insert into app.avatars (user_id, object_key) values
  (:'sam', 'avatars/00000000-0000-4000-8000-000000000001.webp'),
  (:'gone', 'avatars/00000000-0000-4000-8000-000000000002.webp');
update app.users set bio = 'Likes files', avatar_url = 'http://127.0.0.1:54321/functions/v1/files/avatars/' || id || '?v=1' where id = :'sam';

select tests.authenticate_as(:'pat');
select is((select array_agg(name) from api.profiles), array['Pat'], 'a signed-in user lists only their own profile');
select is((select count(*)::int from app.users), 1, 'and reads no other account''s row from the table');
select is((select count(*)::int from app.avatars), 0, 'nor anyone else''s avatar row');
select is(api.profile(:'sam') ->> 'name', 'Sam', 'another user''s profile is read by its id');
select is(api.profile(:'sam') - 'id', jsonb_build_object('name', 'Sam', 'bio', 'Likes files',
  'avatar_url', 'http://127.0.0.1:54321/functions/v1/files/avatars/' || :'sam' || '?v=1'), 'with its name, bio and avatar, and nothing more');
select throws_ok(format($$ select api.profile(%L) $$, :'gone'), 'PT404', 'No such profile', 'a disabled account''s profile is not shown');
select throws_ok($$ select api.profile('00000000-0000-4000-8000-00000000dead') $$, 'PT404', 'No such profile', 'an unknown id is a 404');
select throws_ok($$ select api.profile(null) $$, 'PT404', 'No such profile', 'so is no id');
select ok(not app.can_list_profile(:'sam') and app.can_list_profile(:'pat'), 'can_list_profile: oneself, not another user');
select tests.clear_authentication();

select tests.authenticate_as(:'boss');
select is((select count(*)::int from api.profiles where id in (:'pat', :'sam', :'gone', :'boss')), 4, 'a holder of users.read lists every profile');
select is(api.profile(:'gone') ->> 'bio', 'Was here', 'and reads a disabled account''s profile');
select is((select count(*)::int from app.avatars), 2, 'and every avatar row');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select throws_ok(format($$ select api.profile(%L) $$, :'sam'), '42501', null, 'anon cannot read profiles by id');
select is(app.avatar_object(:'sam'), 'avatars/00000000-0000-4000-8000-000000000001.webp', 'an enabled account''s avatar is served to whoever holds its URL');
select is(app.avatar_object(:'gone'), null, 'a disabled account''s avatar is not');
select tests.clear_authentication();

select tests.authenticate_as(:'boss');
select is(app.avatar_object(:'gone'), 'avatars/00000000-0000-4000-8000-000000000002.webp', 'except to those who may list its profile');
select tests.clear_authentication();

select is(app.shares_with(:'sam'), false, 'nothing is shared yet: the sharing feature extends app.shares_with');

select * from finish();
rollback;

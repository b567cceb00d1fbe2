-- The admin console's actions and the rules around them: ending sessions,
-- sending a reset, disabling (which ends every session at once), the self
-- and last-superadmin rules; the log is append-only for every API role,
-- and only the housekeeping prunes it, by its retention setting.
begin;
select plan(45);

select tests.create_user('aa-root@example.com', 'Root') as root \gset
select tests.create_user('aa-root2@example.com', 'Root Two') as root2 \gset
select tests.create_user('aa-admin@example.com', 'Admin') as adm \gset
select tests.create_user('aa-ed@example.com', 'Ed') as ed \gset
select tests.create_user('aa-sam@example.com', 'Sam') as sam \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';
insert into app.user_roles (user_id, role_id) select :'adm', id from app.roles where name = 'admin';
insert into app.sessions (id, user_id) values
  ('24000000-0000-4000-8000-000000000001', :'ed'),
  ('24000000-0000-4000-8000-000000000002', :'ed'),
  ('24000000-0000-4000-8000-000000000003', :'ed'),
  ('24000000-0000-4000-8000-000000000004', :'sam'),
  ('24000000-0000-4000-8000-000000000005', :'root');

-- An editor may not act; anon neither
select tests.authenticate_as(:'ed');
select throws_ok(format($$ select api.admin_end_sessions(%L) $$, :'sam'), '42501', null, 'an editor cannot end another''s sessions');
select throws_ok(format($$ select api.admin_send_password_reset(%L) $$, :'sam'), '42501', null, 'nor send them a reset');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$ select api.admin_end_sessions(%L) $$, :'sam'), '42501', null, 'anon cannot end sessions');
select tests.clear_authentication();

-- Ending sessions
select tests.authenticate_as(:'adm');
select is(api.admin_end_sessions(:'ed', '24000000-0000-4000-8000-000000000001'), '{"ended": 1}', 'an admin ends one session');
select tests.clear_authentication();
-- Three left: two seeded, one from acting as Ed above.
select is((select count(*)::int from app.sessions where user_id = :'ed' and ended_at is null), 3, 'and only that one');
select tests.authenticate_as(:'adm');
select throws_ok(format($$ select api.admin_end_sessions(%L, '24000000-0000-4000-8000-000000000001') $$, :'ed'), 'PT404', null,
  'an ended session cannot be ended again');
select throws_ok(format($$ select api.admin_end_sessions(%L, '24000000-0000-4000-8000-000000000004') $$, :'ed'), 'PT404', null,
  'nor another user''s session through this user');
select is(api.admin_end_sessions(:'ed'), '{"ended": 3}', 'an admin ends all of a user''s sessions');
select tests.clear_authentication();
select is((select count(*)::int from app.sessions where user_id = :'ed' and ended_at is null), 0, 'none stays live');
select tests.authenticate_as(:'adm');
select throws_ok(format($$ select api.admin_end_sessions(%L) $$, :'root'), '42501', 'Only a superadmin can do this to a superadmin',
  'an admin cannot end a superadmin''s sessions');
select throws_ok($$ select api.admin_end_sessions('00000000-0000-4000-8000-0000000000ff') $$, 'PT404', null, 'an unknown user is a 404');
select tests.clear_authentication();
select is((select count(*)::int from app.activity_log where action = 'admin.sessions_ended' and target_id = :'ed' and actor_id = :'adm'), 2,
  'each ending is logged');

-- A reset email
select tests.authenticate_as(:'adm');
select is(api.admin_send_password_reset(:'sam'), '{"sent": true}', 'an admin sends a password reset');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where to_address = 'aa-sam@example.com' and kind = 'password_reset'), 1,
  'which queues the reset email');
select is((select count(*)::int from private.password_reset_tokens where user_id = :'sam' and used_at is null and voided_at is null), 1,
  'with one live reset link');
select ok(exists (select from app.activity_log where action = 'admin.password_reset_sent' and target_id = :'sam'), 'and is logged');

-- Disabling ends every session at once
select tests.authenticate_as(:'adm');
select ok((api.admin_disable_user(:'sam') ->> 'disabled_at') is not null, 'an admin disables a user');
select tests.clear_authentication();
select isnt((select ended_at from app.sessions where id = '24000000-0000-4000-8000-000000000004'), null, 'their session row is ended');
select is((select end_reason from app.sessions where id = '24000000-0000-4000-8000-000000000004'), 'disabled', 'because of the disabling');
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'sam', 'session_id', '24000000-0000-4000-8000-000000000004'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'and its access token is refused on the next request');
select tests.clear_authentication();
select tests.authenticate_as(:'adm');
select throws_ok(format($$ select api.admin_send_password_reset(%L) $$, :'sam'), 'PT409', null, 'a disabled account gets no reset email');

-- Self and last-superadmin rules
select throws_ok(format($$ select api.admin_disable_user(%L) $$, :'adm'), 'PT400', 'You cannot disable your own account', 'nobody disables themselves');
select throws_ok(format($$ select api.admin_revoke_role(%L, 'admin') $$, :'adm'), 'PT400',
  'You cannot revoke your own roles: ask another administrator', 'nobody demotes themselves');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select throws_ok(format($$ select api.admin_revoke_role(%L, 'superadmin') $$, :'root'), 'PT409', 'The last superadmin cannot be demoted',
  'the last superadmin cannot be demoted, even by themselves');
select throws_ok(format($$ select api.admin_disable_user(%L) $$, :'root'), 'PT400', null, 'nor disable themselves');
select lives_ok(format($$ select api.admin_grant_role(%L, 'superadmin') $$, :'root2'), 'a superadmin makes a second one');
select throws_ok(format($$ select api.admin_revoke_role(%L, 'superadmin') $$, :'root'), 'PT400', null,
  'with two, a superadmin still cannot demote themselves');
select lives_ok(format($$ select api.admin_disable_user(%L) $$, :'root2'), 'but can disable the other');
select tests.clear_authentication();
select tests.authenticate_as(:'root2');
select throws_ok($$ select api.admin_users() $$, 'PT401', null, 'the disabled superadmin''s own session is over');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select throws_ok(format($$ select api.admin_revoke_role(%L, 'superadmin') $$, :'root'), 'PT409', 'The last superadmin cannot be demoted',
  'a disabled superadmin does not count: the last enabled one stays');
select lives_ok(format($$ select api.admin_revoke_role(%L, 'admin') $$, :'adm'), 'another administrator may demote an admin');
select tests.clear_authentication();

-- The log is append-only for every API role, admins included
select tests.authenticate_as(:'root');
select throws_ok($$ update app.activity_log set action = 'auth.nothing' $$, '42501', null, 'a superadmin cannot change the log');
select throws_ok($$ delete from app.activity_log $$, '42501', null, 'nor delete from it');
select throws_ok($$ select private.purge_activity_log() $$, '42501', null, 'nor call the purge');
select tests.clear_authentication();
select tests.authenticate_as(:'ed');
select throws_ok($$ delete from app.activity_log where actor_id = app.current_user_id() $$, '42501', null, 'a user cannot delete their own events');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ delete from app.activity_log $$, '42501', null, 'anon cannot delete from the log');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select throws_ok($$ update app.activity_log set meta = '{}' $$, '42501', null, 'the service role cannot change the log');
select throws_ok($$ delete from app.activity_log $$, '42501', null, 'nor delete from it');
select throws_ok($$ truncate app.activity_log $$, '42501', null, 'nor truncate it');
select tests.clear_authentication();

-- Retention: the housekeeping, as service_role, prunes only what is past activity_log.retention_days
select is(private.setting('activity_log.retention_days'), '365', 'the log is kept 365 days by default');
delete from app.activity_log;
insert into app.activity_log (action, created_at) values
  ('test.ancient', now() - interval '400 days'),
  ('test.old', now() - interval '100 days'),
  ('test.recent', now() - interval '1 day');
select tests.authenticate_as_service_role();
select lives_ok($$ select private.purge_auth_data() $$, 'the housekeeping runs as service_role');
select tests.clear_authentication();
select is(array(select action from app.activity_log order by created_at), array['test.old', 'test.recent'],
  'and deletes only the rows past retention');
update private.settings set value = '30' where key = 'activity_log.retention_days';
select tests.authenticate_as_service_role();
select is(private.purge_activity_log(), 1, 'a shorter retention prunes more');
select tests.clear_authentication();
select is(array(select action from app.activity_log), array['test.recent'], 'keeping what is younger');
update private.settings set value = '0' where key = 'activity_log.retention_days';
select tests.authenticate_as_service_role();
select is(private.purge_activity_log(), 0, 'a retention below one day still keeps the last day');
select tests.clear_authentication();

select * from finish();
rollback;

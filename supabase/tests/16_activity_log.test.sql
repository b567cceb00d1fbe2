-- The activity log: every auth event leaves a row; users read their own;
-- logs.read reads all; nobody changes history.
begin;
select plan(10);

select tests.create_user('logger@example.com', 'Logger') as logger \gset
select tests.create_user('auditor@example.com', 'Auditor') as auditor \gset
insert into app.user_roles (user_id, role_id) select :'auditor', id from app.roles where name = 'admin';

select tests.authenticate_as_role('anon');
select api.signup('newbie@example.com', 'a fresh passphrase', null);
select api.login('logger@example.com', 'password123');
select api.login('logger@example.com', 'wrong password');
select tests.clear_authentication();

select ok(
  array(select distinct action from app.activity_log) @> array['auth.signup', 'auth.login', 'auth.login_failed'],
  'signup, login and a failed login are logged'
);
select is((select host(client_ip) from app.activity_log where action = 'auth.login' limit 1), '127.0.0.1', 'with the client IP from the request headers');

select tests.authenticate_as(:'logger');
select ok((select bool_and(actor_id = :'logger') from api.activity_log), 'a user reads only their own events');
select ok(exists (select from api.activity_log where action = 'auth.login'), 'including their login');
select throws_ok($$ update app.activity_log set action = 'auth.nothing' $$, '42501', null, 'a user cannot change the log');
select throws_ok($$ delete from app.activity_log $$, '42501', null, 'a user cannot delete from the log');
select tests.clear_authentication();

select tests.authenticate_as(:'auditor');
select ok((select count(distinct actor_id) from api.activity_log) >= 2, 'logs.read reads everyone''s events');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$ update app.activity_log set action = 'auth.nothing' $$, '42501', null, 'not even the service role can rewrite history');
select throws_ok($$ delete from app.activity_log $$, '42501', null, 'or delete it');
select lives_ok($$ select app.log_activity('test.event', null, 'thing', '1') $$, 'the service role may append');
select tests.clear_authentication();

select * from finish();
rollback;

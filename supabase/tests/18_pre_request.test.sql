-- The pre-request, run before every API request: who it lets through, and
-- that an anonymous call stays cheap (no SET clause, not security definer).
begin;
select plan(11);

select tests.create_user('erin@example.com') as erin \gset

select is(
  (select proconfig from pg_proc where oid = 'app.pre_request()'::regprocedure), null,
  'the pre-request sets nothing per call (a SET clause would cost every request)'
);
select ok(
  not (select prosecdef from pg_proc where oid = 'app.pre_request()'::regprocedure),
  'the pre-request runs as the caller; only the session check is security definer'
);

select tests.authenticate_as_role('anon');
select lives_ok($$ select app.pre_request() $$, 'anon passes');
select throws_ok($$ select app.session_is_live('{}') $$, '42501', null, 'anon cannot probe sessions');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select lives_ok($$ select app.pre_request() $$, 'service_role passes');
select tests.clear_authentication();

select tests.authenticate_as(:'erin');
select lives_ok($$ select app.pre_request() $$, 'a live session passes');
select tests.clear_authentication();

-- An authenticated token whose claims say something else is still checked: the role decides.
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'erin', 'role', 'anon'));
select throws_ok($$ select app.pre_request() $$, 'PT401', 'Your session has ended. Sign in again.', 'the role decides, not a claim');
select tests.clear_authentication();

select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', 'not-a-uuid', 'session_id', 'garbage'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'malformed ids are refused, not an error 22P02');
select tests.clear_authentication();

select tests.authenticate_as(:'erin');
select app.jwt_claims() ->> 'session_id' as erin_session \gset
select tests.clear_authentication();
update app.users set disabled_at = now() where id = :'erin';
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'erin', 'session_id', :'erin_session'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'a disabled account''s live session is refused');
select tests.clear_authentication();
update app.users set disabled_at = null where id = :'erin';

update app.sessions set ended_at = now() where id = :'erin_session';
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'erin', 'session_id', :'erin_session'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'an ended session is refused');
select tests.clear_authentication();

select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', gen_random_uuid(), 'session_id', :'erin_session'));
select throws_ok($$ select app.pre_request() $$, 'PT401', null, 'another user''s session id is refused');
select tests.clear_authentication();

select * from finish();
rollback;

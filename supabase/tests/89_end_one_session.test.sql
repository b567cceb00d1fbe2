-- The sessions list names each device; one of my sessions can be ended, and
-- nobody else's.
begin;
select plan(9);

select tests.create_user('sess-pat@example.com', 'Pat') as pat \gset
select tests.create_user('sess-sam@example.com', 'Sam') as sam \gset
insert into app.sessions (id, user_id, user_agent) values
  ('89500000-0000-4000-8000-000000000001', :'pat', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'),
  ('89500000-0000-4000-8000-000000000002', :'sam', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1');

select tests.authenticate_as(:'pat');
select is((select device from api.my_sessions where id = '89500000-0000-4000-8000-000000000001'), 'Chrome on Linux',
  'my sessions list names the device');
select is((select count(*)::int from api.my_sessions where current), 1, 'and marks the session I am using');
select lives_ok($$ select api.end_session('89500000-0000-4000-8000-000000000001') $$, 'I can sign out another of my sessions');
select isnt((select ended_at from api.my_sessions where id = '89500000-0000-4000-8000-000000000001'), null, 'which ends it');
select is((select count(*)::int from api.my_sessions where current and ended_at is null), 1, 'while this one goes on');
select throws_ok($$ select api.end_session('89500000-0000-4000-8000-000000000001') $$, 'PT404', null, 'an ended session cannot be ended again');
select throws_ok($$ select api.end_session('89500000-0000-4000-8000-000000000002') $$, 'PT404', null,
  'another user''s session is not mine to end (nor to learn of)');
select tests.clear_authentication();

select is((select ended_at from app.sessions where id = '89500000-0000-4000-8000-000000000002'), null, 'so it stays live');

select tests.authenticate_as_role('anon');
select throws_ok($$ select api.end_session('89500000-0000-4000-8000-000000000002') $$, '42501', null, 'anon cannot end sessions');
select tests.clear_authentication();

select * from finish();
rollback;

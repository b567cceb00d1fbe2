-- The live stream's SQL: single-use, short-lived tickets kept as hashes; and
-- Realtime's Broadcast from Database, proven on a stand-in `realtime`
-- schema shaped like Supabase's (realtime.messages, realtime.send,
-- realtime.topic()).
begin;
select plan(18);

select tests.create_user('stream-ada@example.com', 'Ada') as ada \gset
select tests.create_user('stream-bob@example.com', 'Bob') as bob \gset

-- Tickets
select tests.authenticate_as(:'ada');
select api.notification_stream_ticket() as answer \gset
select (app.jwt_claims() ->> 'session_id') as ada_session \gset
select tests.clear_authentication();
select :'answer'::jsonb ->> 'ticket' as ticket \gset
select is((:'answer'::jsonb ->> 'expires_in')::int, 30, 'a ticket lives 30 seconds');
select is(length(:'ticket'), 43, 'and is 256 random bits');
select is((select count(*)::int from app.notification_stream_tickets where token_hash = extensions.digest(:'ticket', 'sha256')), 1,
  'only its hash is kept');

select tests.authenticate_as_role('anon');
select is(app.redeem_stream_ticket(:'ticket'),
  jsonb_build_object('sub', :'ada', 'role', 'authenticated', 'session_id', :'ada_session'),
  'redeeming it answers the claims of the session that asked');
select is(app.redeem_stream_ticket(:'ticket'), null, 'a ticket works once');
select is(app.redeem_stream_ticket('not a ticket'), null, 'an unknown ticket is nothing');
select is(app.redeem_stream_ticket(null), null, 'nor is none');
select throws_ok('select api.notification_stream_ticket()', '42501', null, 'anon cannot get a ticket');
select throws_ok('select count(*) from app.notification_stream_tickets', '42501', null, 'anon cannot read tickets');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select api.notification_stream_ticket() ->> 'ticket' as old_ticket \gset
select throws_ok('select count(*) from app.notification_stream_tickets', '42501', null, 'nor can a signed-in user');
select tests.clear_authentication();
update app.notification_stream_tickets set expires_at = now() - interval '1 second'
where token_hash = extensions.digest(:'old_ticket', 'sha256');
select tests.authenticate_as_role('anon');
select is(app.redeem_stream_ticket(:'old_ticket'), null, 'an expired ticket is refused');
select tests.clear_authentication();

update app.notification_stream_tickets set expires_at = now() - interval '2 minutes'
where token_hash = extensions.digest(:'ticket', 'sha256');
select tests.authenticate_as(:'bob');
select api.notification_stream_ticket();
select tests.clear_authentication();
select is((select count(*)::int from app.notification_stream_tickets where user_id = :'ada'), 1,
  'a new ticket clears the ones long expired, not those just expired');

-- Realtime, where it exists
select is(private.install_realtime_broadcast(), false, 'without a realtime schema nothing is installed');

create schema realtime;
create table realtime.messages (
  id bigint generated always as identity primary key,
  topic text not null, extension text not null, payload jsonb, event text, private boolean
);
alter table realtime.messages enable row level security;
grant usage on schema realtime to authenticated;
grant select on realtime.messages to authenticated;
create function realtime.topic() returns text language sql stable as $$ select nullif(current_setting('realtime.topic', true), '') $$;
create function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void language sql as
  $$ insert into realtime.messages (topic, extension, payload, event, private) values (topic, 'broadcast', payload, event, private) $$;
grant execute on function realtime.topic() to authenticated;

select is(private.install_realtime_broadcast(), true, 'with one, the broadcast is installed');
select app.notify(:'ada', 'sessions_ended', '{"sessions": 2}') as note \gset
select is((select topic || ' ' || event || ' ' || (payload ->> 'id') || ' ' || private::text from realtime.messages),
  format('user:%s notification %s true', :'ada', :'note'), 'a notification is broadcast to its user''s private topic');

select tests.authenticate_as(:'ada');
select set_config('realtime.topic', 'user:' || :'ada', true);
select is((select count(*)::int from realtime.messages), 1, 'its user receives it on their topic');
select set_config('realtime.topic', 'user:' || :'bob', true);
select is((select count(*)::int from realtime.messages), 0, 'no one receives on another''s topic');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select set_config('realtime.topic', 'user:' || :'ada', true);
select is((select count(*)::int from realtime.messages), 0, 'another user cannot join my topic');
select tests.clear_authentication();

select * from finish();
rollback;

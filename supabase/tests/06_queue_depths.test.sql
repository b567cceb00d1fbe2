-- api.queue_depths: the work waiting, counted for the gateway's /metrics; the service role's alone.
begin;
select plan(6);

select tests.create_user('queue-ada@example.com', 'Ada') as ada \gset
insert into private.email_outbox (to_address, subject, body_text, status)
select 'ada@example.com', 's', 'b', s from unnest(array['pending', 'sending', 'failed', 'sent']) s;
insert into app.storage_garbage (object_key) values ('00000000-0000-4000-8000-00000000q001');

select tests.authenticate_as_service_role();
select ok((api.queue_depths()->>'email_pending')::int >= 2, 'mail pending or being sent is counted');
select ok((api.queue_depths()->>'email_failed')::int >= 1, 'failed mail is counted');
select ok((api.queue_depths()->>'storage_garbage')::int >= 1, 'objects awaiting collection are counted');
select is((select count(*)::int from jsonb_object_keys(api.queue_depths())), 6, 'six queues');

select tests.authenticate_as(:'ada');
select throws_ok($$ select api.queue_depths() $$, '42501', null, 'a signed-in user cannot read the queues');
select tests.authenticate_as_role('anon');
select throws_ok($$ select api.queue_depths() $$, '42501', null, 'anon cannot either');

select * from finish();
rollback;

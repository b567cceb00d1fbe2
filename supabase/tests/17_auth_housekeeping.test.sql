-- Housekeeping forgets expired secrets and keeps what still matters.
begin;
select plan(4);

select tests.create_user('old@example.com') as old \gset
insert into app.sessions (id, user_id, created_at, ended_at, end_reason)
values ('11111111-1111-4111-8111-111111111111', :'old', now() - interval '200 days', now() - interval '100 days', 'logout'),
       ('22222222-2222-4222-8222-222222222222', :'old', now(), null, null);
insert into private.refresh_tokens (user_id, token_hash, family, expires_at, orig_iat)
values (:'old', '\x01', '22222222-2222-4222-8222-222222222222', now() - interval '2 days', now()),
       (:'old', '\x02', '22222222-2222-4222-8222-222222222222', now() + interval '20 days', now());
insert into private.auth_attempts (bucket, subject, created_at) values ('login', 'email:old@example.com', now() - interval '1 hour');
select private.enqueue_email('old@example.com', 'hi', 'body');
update private.email_outbox set status = 'sent', sent_at = now() - interval '8 days';

select ok(private.purge_auth_data() >= 4, 'housekeeping deletes what expired');
select is((select count(*)::int from private.refresh_tokens where user_id = :'old'), 1, 'a live refresh token is kept');
select is((select count(*)::int from app.sessions where user_id = :'old'), 1, 'a live session is kept, a long-ended one goes');
select is((select count(*)::int from private.email_outbox), 0, 'week-old sent emails go');

select * from finish();
rollback;

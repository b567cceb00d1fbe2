-- Housekeeping forgets personal access tokens revoked or expired more than
-- access_tokens.retention_days ago, and keeps every other one.
begin;
select plan(5);

select tests.create_user('purge-ada@example.com', 'Ada') as ada \gset

insert into app.access_tokens (user_id, name, token_hash, prefix, scopes, created_at, expires_at, revoked_at)
values
  (:'ada', 'live',            extensions.digest('t1', 'sha256'), 'pgd_t1', '{files:read}', now() - interval '200 days', now() + interval '30 days', null),
  (:'ada', 'never expires',   extensions.digest('t2', 'sha256'), 'pgd_t2', '{files:read}', now() - interval '400 days', null, null),
  (:'ada', 'revoked lately',  extensions.digest('t3', 'sha256'), 'pgd_t3', '{files:read}', now() - interval '200 days', null, now() - interval '10 days'),
  (:'ada', 'revoked long ago', extensions.digest('t4', 'sha256'), 'pgd_t4', '{files:read}', now() - interval '200 days', null, now() - interval '91 days'),
  (:'ada', 'expired long ago', extensions.digest('t5', 'sha256'), 'pgd_t5', '{files:write}', now() - interval '200 days', now() - interval '100 days', null);

select private.purge_auth_data();

select ok(exists (select from app.access_tokens where name = 'live'), 'a live token stays');
select ok(exists (select from app.access_tokens where name = 'never expires'), 'a token without expiry stays');
select ok(exists (select from app.access_tokens where name = 'revoked lately'), 'a recently revoked token stays, for its owner to see');
select is((select count(*)::int from app.access_tokens where name in ('revoked long ago', 'expired long ago')), 0,
  'tokens revoked or expired past the retention go, hash and all');

update private.settings set value = '5' where key = 'access_tokens.retention_days';
select private.purge_auth_data();
select ok(not exists (select from app.access_tokens where name = 'revoked lately'), 'the retention is a setting');

select * from finish();
rollback;

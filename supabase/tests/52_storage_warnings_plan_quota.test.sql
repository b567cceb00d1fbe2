-- Storage warnings measure against the quota a user really has: a paid
-- plan's, not the free plan's; and only a move of the bytes used across a
-- threshold speaks, not a change of quota.
begin;
select plan(5);

select tests.create_user('warn-ada@example.com', 'Ada') as ada \gset
select tests.create_user('warn-bob@example.com', 'Bob') as bob \gset

create function pg_temp.notes(who uuid, kind text) returns integer language sql as
  $$ select count(*)::int from app.notifications where user_id = who and type = kind $$;

-- Ada pays for a plan ten times the free one or more; Bob stays free.
insert into app.subscriptions (user_id, plan_code, starts_at, ends_at)
select :'ada', code, now() - interval '1 day', now() + interval '29 days'
from app.plans where code <> 'free' order by quota_bytes limit 1;
select ok(app.storage_quota(:'ada') >= 10 * app.storage_quota(:'bob'), 'Ada''s plan is far bigger than the free one');

insert into app.storage_accounts (owner_id, used) values (:'ada', 0), (:'bob', 0);
update app.storage_accounts set used = (app.storage_quota(:'bob') * 0.85)::bigint where owner_id in (:'ada', :'bob');
select is(pg_temp.notes(:'bob', 'storage_80'), 1, 'on the free plan, 85% of it is a warning');
select is(pg_temp.notes(:'ada', 'storage_80'), 0, 'on a paid plan the same bytes are no warning');

update app.storage_accounts set used = (app.storage_quota(:'ada') * 0.82)::bigint where owner_id = :'ada';
select is((select (payload ->> 'quota')::bigint from app.notifications where user_id = :'ada' and type = 'storage_80'),
  app.storage_quota(:'ada'), 'crossing 80% of the plan''s quota warns, naming that quota');

-- The plan ends: the quota falls, the bytes do not move, and nothing more is said here.
update app.subscriptions set ends_at = now() - interval '1 second', starts_at = now() - interval '2 days' where user_id = :'ada';
update app.storage_accounts set quota = null where owner_id = :'ada';
select is(pg_temp.notes(:'ada', 'storage_95'), 0, 'a change of quota alone writes no storage warning');

select * from finish();
rollback;

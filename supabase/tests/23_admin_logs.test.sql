-- The activity log for administrators: only logs.read reads it (through
-- rpc/admin_logs, rpc/admin_log_actions and the CSV cursor); every filter
-- alone and combined; keyset pages that neither skip nor repeat rows logged
-- in the same microsecond.
begin;
select plan(43);

select tests.create_user('al-root@example.com', 'Root') as root \gset
select tests.create_user('al-admin@example.com', 'Admin') as adm \gset
select tests.create_user('al-help@example.com', 'Helpdesk') as help \gset
select tests.create_user('al-ed@example.com', 'Ed') as ed \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';
insert into app.user_roles (user_id, role_id) select :'adm', id from app.roles where name = 'admin';
-- A role that reads users but not the log.
insert into app.roles (name, description) values ('helpdesk', 'Reads users');
insert into app.role_permissions (role_id, permission_id)
select r.id, p.id from app.roles r, app.permissions p where r.name = 'helpdesk' and p.name = 'users.read';
insert into app.user_roles (user_id, role_id) select :'help', id from app.roles where name = 'helpdesk';

-- A known log: the test runs as the table owner, which the append-only trigger lets through.
delete from app.activity_log;
insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, user_agent, created_at) values
  (:'ed', 'auth.login', 'user', :'ed', '{}', '203.0.113.7', 'curl/8', '2026-11-01 10:00:00+00'),
  (:'ed', 'share.link_created', 'file', 'f-1', '{"name": "Quarterly Report.pdf"}', '203.0.113.7', 'curl/8', '2026-11-02 10:00:00+00'),
  (:'ed', 'share.link_revoked', 'file', 'f-1', '{"name": "Quarterly Report.pdf"}', '203.0.113.8', 'curl/8', '2026-11-03 10:00:00+00'),
  (:'adm', 'admin.user_disabled', 'user', :'ed', '{}', '198.51.100.1', 'firefox', '2026-11-04 10:00:00+00'),
  (:'adm', 'admin.role_granted', 'user', :'ed', '{"role": "viewer"}', '198.51.100.1', 'firefox', '2026-11-05 10:00:00+00'),
  (:'adm', 'sharesque.thing', 'file', 'f-2', '{}', '198.51.100.1', 'firefox', '2026-11-05 11:00:00+00');
-- Twenty events in one microsecond, the case a created_at cursor alone gets wrong.
insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, created_at)
select :'root', 'auth.login', 'user', :'root', jsonb_build_object('n', n), '192.0.2.1', '2026-11-06 00:00:00+00'
from generate_series(1, 20) n;

-- Who may read the log
select tests.authenticate_as(:'help');
select throws_ok($$ select api.admin_logs() $$, '42501', 'You need the logs.read permission to do this',
  'an admin role without logs.read cannot read the log');
select throws_ok($$ select api.admin_log_actions() $$, '42501', null, 'nor its actions');
select throws_ok($$ select app.admin_logs_cursor() $$, '42501', null, 'nor open the CSV export''s cursor');
select tests.clear_authentication();
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.admin_logs() $$, '42501', null, 'an editor cannot read the log');
select throws_ok($$ select app.admin_logs_cursor() $$, '42501', null, 'nor export it');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ select api.admin_logs() $$, '42501', null, 'anon cannot read the log');
select throws_ok($$ select app.admin_logs_cursor() $$, '42501', null, 'nor export it');
select tests.clear_authentication();

create function pg_temp.actions(page jsonb) returns text[] language sql as $$
  select array_agg(i ->> 'action' order by n) from jsonb_array_elements(page -> 'items') with ordinality as t(i, n)
$$;
create function pg_temp.total(page jsonb) returns int language sql as $$
  select jsonb_array_length(page -> 'items')
$$;
grant execute on function pg_temp.actions(jsonb), pg_temp.total(jsonb) to authenticated;

select tests.authenticate_as(:'adm');
select is(pg_temp.total(api.admin_logs("limit" => 200)), 26, 'an admin with logs.read reads every row');
select is((api.admin_logs("limit" => 1) -> 'items' -> 0) - 'id' - 'actor_id' - 'target_id' - 'created_at' - 'meta',
  jsonb_build_object('actor_email', 'al-root@example.com', 'action', 'auth.login', 'target_type', 'user',
    'client_ip', '192.0.2.1', 'user_agent', null), 'an item names its actor by email and its address as text');

-- Each filter alone
select is(pg_temp.actions(api.admin_logs(actor_id => :'ed')), array['share.link_revoked', 'share.link_created', 'auth.login'],
  'actor_id: that actor''s events, newest first');
select is(pg_temp.total(api.admin_logs(action => 'auth.login', "limit" => 200)), 21, 'action: exactly that action');
select is(pg_temp.actions(api.admin_logs(action => 'share.*')), array['share.link_revoked', 'share.link_created'],
  'action share.*: the share. prefix, not sharesque');
select is(pg_temp.actions(api.admin_logs(action => 'admin.*')), array['admin.role_granted', 'admin.user_disabled'],
  'a prefix over several actions keeps the time order across them');
select is(pg_temp.total(api.admin_logs(action => '*', "limit" => 200)), 26, 'action *: everything');
select is(pg_temp.total(api.admin_logs(action => 'nothing.*')), 0, 'a prefix no action has: nothing');
select is(pg_temp.actions(api.admin_logs(target_type => 'file')), array['sharesque.thing', 'share.link_revoked', 'share.link_created'],
  'target_type');
select is(pg_temp.actions(api.admin_logs(target_id => 'f-1')), array['share.link_revoked', 'share.link_created'], 'target_id');
select is(pg_temp.actions(api.admin_logs(since => '2026-11-03 10:00:00+00', until => '2026-11-05 10:00:00+00')),
  array['admin.user_disabled', 'share.link_revoked'], 'since is inclusive, until exclusive');
select is(pg_temp.actions(api.admin_logs(ip => '203.0.113.8')), array['share.link_revoked'], 'ip: one address');
select is(pg_temp.actions(api.admin_logs(ip => '203.0.113.0/24')), array['share.link_revoked', 'share.link_created', 'auth.login'],
  'ip: a network');
select is(pg_temp.actions(api.admin_logs(q => 'quarterly report')), array['share.link_revoked', 'share.link_created'],
  'q: free text in meta, case-insensitive');
select is(pg_temp.actions(api.admin_logs(q => 'viewer')), array['admin.role_granted'], 'q finds a meta value');
select is(pg_temp.total(api.admin_logs(q => '50%')), 0, 'q is text, not a pattern');

-- Combined
select is(pg_temp.actions(api.admin_logs(actor_id => :'ed', action => 'share.*', ip => '203.0.113.7')),
  array['share.link_created'], 'actor, action prefix and ip together');
select is(pg_temp.actions(api.admin_logs(target_type => 'user', target_id => :'ed', since => '2026-11-04 00:00:00+00')),
  array['admin.role_granted', 'admin.user_disabled'], 'target and since together');
select is(pg_temp.actions(api.admin_logs(actor_id => :'adm', q => 'viewer', until => '2026-11-06 00:00:00+00', action => 'admin.role_granted')),
  array['admin.role_granted'], 'actor, q, until and action together');
select is(pg_temp.total(api.admin_logs(actor_id => :'ed', target_type => 'user', action => 'share.*')), 0,
  'filters are and-ed');

-- Keyset pages
select tests.clear_authentication();
create temporary table walked (n serial, id bigint);
grant all on walked to authenticated;
grant all on sequence walked_n_seq to authenticated;
select tests.authenticate_as(:'adm');
do $$
declare
  page jsonb;
  cursor text;
begin
  loop
    page := api.admin_logs(before => cursor, "limit" => 3);
    insert into walked (id) select (i ->> 'id')::bigint from jsonb_array_elements(page -> 'items') i;
    cursor := page ->> 'next';
    exit when cursor is null;
  end loop;
end
$$;
select tests.clear_authentication();
select is((select count(*)::int from walked), 26, 'walking pages of 3 reaches every row');
select is((select count(distinct id)::int from walked), 26, 'none twice, though twenty share a created_at');
select is((select array_agg(id order by n) from walked), (select array_agg(id order by created_at desc, id desc) from app.activity_log),
  'in created_at desc, id desc order');
truncate walked;
select tests.authenticate_as(:'adm');
do $$
declare
  page jsonb;
  cursor text;
begin
  loop
    page := api.admin_logs(action => 'auth.*', ip => '192.0.2.0/24', before => cursor, "limit" => 7);
    insert into walked (id) select (i ->> 'id')::bigint from jsonb_array_elements(page -> 'items') i;
    cursor := page ->> 'next';
    exit when cursor is null;
  end loop;
end
$$;
select tests.clear_authentication();
select is((select array_agg(id order by n) from walked),
  (select array_agg(id order by created_at desc, id desc) from app.activity_log where client_ip <<= '192.0.2.0/24'),
  'a filtered walk is continuous too');
select tests.authenticate_as(:'adm');
select is(api.admin_logs("limit" => 26) -> 'next', 'null'::jsonb, 'the last page has no next');

-- Bad input is a 400
select throws_ok($$ select api.admin_logs(action => 'Auth Login') $$, 'PT400', null, 'a malformed action');
select throws_ok($$ select api.admin_logs(action => 'auth*x') $$, 'PT400', null, 'a star not at the end');
select throws_ok($$ select api.admin_logs(ip => 'localhost') $$, 'PT400', null, 'an ip that is no address');
select throws_ok($$ select api.admin_logs(since => '2026-11-05', until => '2026-11-01') $$, 'PT400', null, 'since after until');
select throws_ok($$ select api.admin_logs(before => 'bm9wZQ') $$, 'PT400', null, 'a cursor not made by a page');
select throws_ok($$ select api.admin_logs("limit" => 500) $$, 'PT400', null, 'a limit above 200');
select throws_ok($$ select api.admin_logs(q => repeat('x', 201)) $$, 'PT400', null, 'a q above 200 characters');

-- The action filter's options
select is(api.admin_log_actions(), array['admin.role_granted', 'admin.user_disabled', 'auth.login', 'share.link_created',
  'share.link_revoked', 'sharesque.thing'], 'admin_log_actions lists each distinct action once, sorted');

-- The export's cursor: the same filters, every row, newest first
create function pg_temp.fetch_all(cursor refcursor) returns setof record language plpgsql as $$
declare
  r record;
begin
  loop
    fetch cursor into r;
    exit when not found;
    return next r;
  end loop;
end
$$;
grant execute on function pg_temp.fetch_all(refcursor) to authenticated;
select is((select count(*)::int from pg_temp.fetch_all(app.admin_logs_cursor(action => 'share.*'))
  as t(id bigint, created_at text, actor_id uuid, actor_email text, action text, target_type text, target_id text,
       client_ip text, user_agent text, meta text)), 2, 'the export''s cursor applies the filters');
select is((select array_agg(created_at) from pg_temp.fetch_all(app.admin_logs_cursor(action => 'share.*'))
  as t(id bigint, created_at text, actor_id uuid, actor_email text, action text, target_type text, target_id text,
       client_ip text, user_agent text, meta text)), array['2026-11-03T10:00:00.000000Z', '2026-11-02T10:00:00.000000Z'],
  'newest first, with UTC timestamps');
select is((select count(*)::int from pg_temp.fetch_all(app.admin_logs_cursor())
  as t(id bigint, created_at text, actor_id uuid, actor_email text, action text, target_type text, target_id text,
       client_ip text, user_agent text, meta text)), 26, 'and without filters reads every row');
select tests.clear_authentication();

select * from finish();
rollback;

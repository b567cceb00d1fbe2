-- The admin console's user list, user page and role matrix: who may read
-- them, every filter, and keyset pages that neither skip nor repeat a user
-- when many signed up in the same microsecond.
begin;
select plan(37);

select tests.create_user('au-root@example.com', 'Root') as root \gset
select tests.create_user('au-admin@example.com', 'Adele Admin') as adm \gset
select tests.create_user('au-ed@example.com', 'Ed') as ed \gset
select tests.create_user('au-off@example.com', 'Olive Off') as off \gset
select tests.create_user('au-new@example.com', 'Nina New') as new \gset
select tests.create_user('au-paid@example.com', 'Pat Paid') as paid \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';
insert into app.user_roles (user_id, role_id) select :'adm', id from app.roles where name = 'admin';
update app.users set email_confirmed_at = now() where email like 'au-%';
update app.users set email_confirmed_at = null where id = :'new';
update app.users set disabled_at = now() where id = :'off';
insert into app.subscriptions (user_id, plan_code, starts_at, ends_at)
values (:'paid', 'plus', now() - interval '1 day', now() + interval '29 days');
insert into app.storage_accounts (owner_id, used) values (:'paid', 1234)
on conflict (owner_id) do update set used = excluded.used;
-- Twelve accounts created in the same microsecond, the case a (created_at) cursor alone gets wrong.
insert into app.users (email, password_hash, name, created_at, email_confirmed_at)
select format('au-twin%s@example.com', n), 'x', format('Twin %s', n), '2020-01-01 00:00:00+00', now()
from generate_series(1, 12) n;

-- Who may read
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.admin_users() $$, '42501', null, 'an editor cannot list users');
select throws_ok(format($$ select api.admin_user(%L) $$, :'adm'), '42501', null, 'an editor cannot open a user''s page');
select throws_ok($$ select api.admin_roles() $$, '42501', null, 'an editor cannot read the role matrix');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ select api.admin_users() $$, '42501', null, 'anon cannot list users');
select tests.clear_authentication();

-- The list and its filters, as an admin
select tests.authenticate_as(:'adm');
select is((select array_agg(i ->> 'email' order by i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'AU-PAID') -> 'items') i),
  array['au-paid@example.com'], 'q matches the email, case-insensitively');
select is((select array_agg(i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'olive') -> 'items') i),
  array['au-off@example.com'], 'q matches the display name');
select is(jsonb_array_length(api.admin_users(q => '100%') -> 'items'), 0, 'q is a substring, not a pattern: % matches only %');
select is((select array_agg(i ->> 'email' order by i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'au-', role => 'admin') -> 'items') i),
  array['au-admin@example.com'], 'role filters by a role held');
select is((select array_agg(i ->> 'email' order by i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'au-', status => 'disabled') -> 'items') i),
  array['au-off@example.com'], 'status disabled lists the disabled accounts');
select is((select array_agg(i ->> 'email' order by i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'au-', status => 'unconfirmed') -> 'items') i),
  array['au-new@example.com'], 'status unconfirmed lists accounts whose email is not proven');
select is((select count(*)::int from jsonb_array_elements(api.admin_users(q => 'au-', status => 'active', "limit" => 200) -> 'items') i),
  16, 'status active lists the others (4 + 12 twins)');
select is((select array_agg(i ->> 'email') from jsonb_array_elements(api.admin_users(q => 'au-', plan => 'plus') -> 'items') i),
  array['au-paid@example.com'], 'plan filters by the plan a user is on now');
select is((select count(*)::int from jsonb_array_elements(api.admin_users(q => 'au-', plan => 'free', "limit" => 200) -> 'items') i),
  17, 'and free lists everyone without a paid period');
select is((select i - 'created_at' - 'id' - 'last_sign_in_at' from jsonb_array_elements(api.admin_users(q => 'au-paid') -> 'items') i),
  jsonb_build_object('email', 'au-paid@example.com', 'display_name', 'Pat Paid', 'roles', '["editor"]'::jsonb,
    'status', 'active', 'plan', 'plus', 'used_bytes', 1234, 'quota_bytes', (select quota_bytes from app.plans where code = 'plus')),
  'an item carries roles, status, plan, used and quota');

-- Keyset pages
create temporary table walked (n serial, id uuid);
grant all on walked to authenticated;
grant all on sequence walked_n_seq to authenticated;
do $$
declare
  page jsonb;
  cursor text;
begin
  loop
    page := api.admin_users(q => 'au-', before => cursor, "limit" => 5);
    insert into walked (id) select (i ->> 'id')::uuid from jsonb_array_elements(page -> 'items') i;
    cursor := page ->> 'next';
    exit when cursor is null;
  end loop;
end
$$;
select is((select count(*)::int from walked), 18, 'walking pages of 5 reaches every matching user');
select is((select count(distinct id)::int from walked), 18, 'and none twice, though twelve share a created_at');
select tests.clear_authentication();
select is((select array_agg(id order by n) from walked),
  (select array_agg(id order by created_at desc, id desc) from app.users where email like 'au-%'),
  'in created_at desc, id desc order');
select tests.authenticate_as(:'adm');
select is(api.admin_users(q => 'au-', "limit" => 18) -> 'next', 'null'::jsonb, 'the last page has no next');
select throws_ok($$ select api.admin_users(before => 'not-a-cursor') $$, 'PT400', null, 'a made-up cursor is a 400');
select throws_ok($$ select api.admin_users("limit" => 0) $$, 'PT400', null, 'limit 0 is refused');
select throws_ok($$ select api.admin_users("limit" => 201) $$, 'PT400', null, 'limit above 200 is refused');
select throws_ok($$ select api.admin_users(status => 'asleep') $$, 'PT400', null, 'an unknown status is refused');
select throws_ok($$ select api.admin_users(role => 'nope') $$, 'PT400', null, 'an unknown role is refused');
select throws_ok($$ select api.admin_users(q => repeat('x', 201)) $$, 'PT400', null, 'a very long search is refused');

-- One user's page
select tests.clear_authentication();
insert into app.sessions (id, user_id, client_ip, user_agent) values
  ('22000000-0000-4000-8000-000000000001', :'paid', '198.51.100.7', 'curl/8'),
  ('22000000-0000-4000-8000-000000000002', :'paid', '198.51.100.8', 'curl/8');
update app.sessions set ended_at = now(), end_reason = 'logout' where id = '22000000-0000-4000-8000-000000000002';
select app.log_activity('auth.login', :'paid', 'user', :'paid');
select app.log_activity('admin.role_granted', :'adm', 'user', :'paid', '{"role": "viewer"}');
select app.log_activity('auth.login', :'ed', 'user', :'ed');
select tests.authenticate_as(:'adm');
select is((api.admin_user(:'paid') -> 'user') - 'created_at' - 'last_sign_in_at' - 'email_confirmed_at',
  jsonb_build_object('id', :'paid', 'email', 'au-paid@example.com', 'display_name', 'Pat Paid', 'status', 'active'),
  'the user page names the account');
select is(api.admin_user(:'paid') -> 'roles', '["editor"]'::jsonb, 'with its roles');
select is((select array_agg(s ->> 'id') from jsonb_array_elements(api.admin_user(:'paid') -> 'sessions') s),
  array['22000000-0000-4000-8000-000000000001'], 'its live sessions only');
select is(api.admin_user(:'paid') -> 'storage', jsonb_build_object('used_bytes', 1234,
  'quota_bytes', (select quota_bytes from app.plans where code = 'plus'), 'files', 0), 'its storage');
select is(api.admin_user(:'paid') -> 'subscription' ->> 'plan', 'plus', 'its paid plan');
select is(api.admin_user(:'ed') -> 'subscription', 'null'::jsonb, 'no subscription on the free plan');
select is((select array_agg(a ->> 'action' order by a ->> 'action') from jsonb_array_elements(api.admin_user(:'paid') -> 'activity') a),
  array['admin.role_granted', 'auth.login'], 'its activity: what it did and what was done to it, nobody else''s');
select is((select a ->> 'actor_email' from jsonb_array_elements(api.admin_user(:'paid') -> 'activity') a where a ->> 'action' = 'admin.role_granted'),
  'au-admin@example.com', 'activity rows name their actor');
select throws_ok($$ select api.admin_user('00000000-0000-4000-8000-0000000000ff') $$, 'PT404', 'No such user', 'an unknown id is a 404');

-- The role matrix needs roles.manage, which admins do not hold
select throws_ok($$ select api.admin_roles() $$, '42501', null, 'an admin without roles.manage cannot read the matrix');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select ok((select (r ->> 'users')::int >= 1 from jsonb_array_elements(api.admin_roles() -> 'roles') r where r ->> 'name' = 'admin'),
  'a superadmin reads each role with its holder count');
select ok(api.admin_roles() -> 'grants' @> '[{"role": "admin", "permission": "system.read"}, {"role": "superadmin", "permission": "payments.manage"}]',
  'the grants include the new permissions: system.read for admins, everything for superadmins');
select ok(api.admin_roles() -> 'permissions' @> '[{"name": "system.read", "is_system": true}]', 'and every permission');
select tests.clear_authentication();

select * from finish();
rollback;

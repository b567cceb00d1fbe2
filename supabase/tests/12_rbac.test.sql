-- Roles and permissions: seeded, read live from the tables, and guarded
-- against escalation by the admin functions.
begin;
select plan(34);

select tests.create_user('root@example.com', 'Root') as root \gset
select tests.create_user('admin@example.com', 'Admin') as admin \gset
select tests.create_user('ed@example.com', 'Ed') as ed \gset
select tests.create_user('vic@example.com', 'Vic') as vic \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

select set_eq($$ select name from app.roles where is_system $$, array['superadmin', 'admin', 'editor', 'viewer'], 'the four system roles are seeded');
select ok((select count(*) from app.permissions where name in ('users.read', 'users.manage', 'roles.manage', 'files.read_all_metadata', 'logs.read', 'payments.read_all')) = 6, 'the system permissions are seeded');
select is(app.role_names(:'ed'), '["editor"]'::jsonb, 'every new user is an editor');

-- Helpers read the tables
select tests.authenticate_as(:'ed');
select ok(app.user_has_role('editor'), 'user_has_role sees the editor''s role');
select ok(not app.user_has_permission('users.read'), 'an editor cannot read all users');
select ok(app.user_has_permission('files.write'), 'an editor may write files');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select ok(app.user_has_permission('payments.read_all'), 'a superadmin holds every permission');
select tests.clear_authentication();

-- RLS on the RBAC tables
select tests.authenticate_as(:'ed');
select is((select count(*)::int from app.user_roles), 1, 'an editor sees only their own role grants');
select throws_ok(format($$ insert into app.user_roles (user_id, role_id) select %L, id from app.roles where name = 'superadmin' $$, :'ed'), '42501', null, 'an editor cannot insert a role grant');
select throws_ok(format($$ select api.admin_grant_role(%L, 'admin') $$, :'ed'), '42501', null, 'an editor cannot grant itself a role');
select throws_ok($$ select api.admin_list_users() $$, '42501', null, 'an editor cannot list users');
select throws_ok($$ select api.admin_create_role('spy', '') $$, '42501', 'Only a superadmin can do this', 'an editor cannot create roles');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select throws_ok($$ select * from app.roles $$, '42501', null, 'anon cannot read roles');
select tests.clear_authentication();

-- Admins
select tests.authenticate_as(:'admin');
select is((select count(*)::int from app.user_roles where user_id = :'ed'), 1, 'an admin (users.read) sees other users'' roles');
select is((api.admin_list_users('ED@EXAMPLE') -> 'total')::int, 1, 'an admin searches users by email, case-insensitively');
select is(jsonb_array_length(api.admin_list_users(null, 1, 2) -> 'users'), 2, 'the list is paged');
select throws_ok($$ select api.admin_list_users(null, 0, 10) $$, 'PT400', null, 'a bad page is refused');
select throws_ok($$ select api.admin_list_users('%', 1, 100000) $$, 'PT400', null, 'a huge page size is refused');
select is(api.admin_grant_role(:'vic', 'viewer') -> 'app_roles', '["editor", "viewer"]'::jsonb, 'an admin grants a role');
select is(api.admin_revoke_role(:'vic', 'editor') -> 'app_roles', '["viewer"]'::jsonb, 'an admin revokes a role');
select throws_ok(format($$ select api.admin_grant_role(%L, 'superadmin') $$, :'admin'), '42501', null, 'an admin cannot make anyone a superadmin');
select throws_ok(format($$ select api.admin_disable_user(%L) $$, :'root'), '42501', null, 'an admin cannot disable a superadmin');
select throws_ok(format($$ select api.admin_disable_user(%L) $$, :'admin'), 'PT400', 'You cannot disable your own account', 'nobody disables themselves');
select throws_ok($$ select api.admin_grant_role('00000000-0000-4000-8000-000000000000', 'viewer') $$, 'PT404', 'No such user', 'granting to a missing user is a 404');
select throws_ok(format($$ select api.admin_grant_role(%L, 'nope') $$, :'vic'), 'PT404', 'No such role', 'granting a missing role is a 404');
select ok((api.admin_disable_user(:'ed') ->> 'disabled_at') is not null, 'an admin disables an editor');
select tests.clear_authentication();

-- Superadmins
select tests.authenticate_as(:'root');
select lives_ok($$ select api.admin_create_role('auditor', 'Reads logs') $$, 'a superadmin creates a role');
select lives_ok($$ select api.admin_grant_permission('auditor', 'logs.read') $$, 'and maps a permission to it');
select is((select permissions from api.roles where name = 'auditor'), array['logs.read'], 'the roles view shows the mapping');
select throws_ok($$ select api.admin_create_role('auditor', '') $$, 'PT409', null, 'duplicate role names are refused');
select throws_ok($$ select api.admin_create_role('Bad Name!', '') $$, 'PT400', null, 'malformed role names are refused');
select throws_ok($$ select api.admin_delete_role('editor') $$, 'PT409', 'System roles cannot be deleted', 'system roles cannot be deleted');
select throws_ok(format($$ select api.admin_revoke_role(%L, 'superadmin') $$, :'root'), 'PT409', 'The last superadmin cannot be demoted', 'the last superadmin cannot be demoted');
select lives_ok($$ select api.admin_delete_role('auditor') $$, 'a custom role can be deleted');
select tests.clear_authentication();

select * from finish();
rollback;

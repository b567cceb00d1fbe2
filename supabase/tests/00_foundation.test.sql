-- The foundation: the Supabase role model, the three schemas and what each
-- API role may reach.
begin;
select plan(16);

select has_role('anon', 'anon exists');
select has_role('authenticated', 'authenticated exists');
select has_role('service_role', 'service_role exists');
select has_role('authenticator', 'authenticator exists');
select ok(pg_has_role('authenticator', 'anon', 'member'), 'authenticator can switch to anon');
select ok(pg_has_role('authenticator', 'authenticated', 'member'), 'authenticator can switch to authenticated');
select ok(not (select rolinherit from pg_roles where rolname = 'authenticator'), 'authenticator inherits no privileges of the roles it switches to');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses row-level security');

-- Hosted Supabase adds schemas of its own (auth, storage, realtime, ...); the
-- project creates no schema but its three and `extensions`.
select is_empty(
  $$select nspname from pg_namespace
     where nspname not in ('public', 'extensions', 'app', 'api', 'private', 'supabase_migrations', 'tests', 'information_schema')
       and nspname !~ '^pg_'
       and nspname not in ('auth', 'storage', 'realtime', '_realtime', 'graphql', 'graphql_public', 'supabase_functions',
                           'vault', 'pgsodium', 'pgsodium_masks', 'net', 'cron', 'pgbouncer', '_analytics', 'supabase_admin')$$,
  'no schema exists but the project''s own, the extensions'' and Supabase''s');
select has_schema('app', 'the app schema exists');
select ok(not has_schema_privilege('anon', 'private', 'usage'), 'anon cannot reach the private schema');
select ok(not has_schema_privilege('authenticated', 'private', 'usage'), 'authenticated cannot reach the private schema');

select tests.authenticate_as_role('authenticated', '{"sub": "6f1c1e4e-0000-4000-8000-000000000001"}');
select is(app.current_user_id(), '6f1c1e4e-0000-4000-8000-000000000001'::uuid, 'current_user_id reads the JWT sub');
select throws_ok('select * from private.settings', '42501', null, 'a signed-in user cannot read the settings that hold the JWT secret');
select tests.clear_authentication();

select ok(exists (select from supabase_migrations.schema_migrations where name = 'roles'), 'migrations are recorded where the Supabase CLI records them');

select is_empty(
  $$select n.nspname || '.' || p.proname
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('app', 'api', 'private')
       and (p.proacl is null
            or exists (select from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))$$,
  'no function in app, api or private is executable by PUBLIC: each is granted to the roles that call it'
);

select * from finish();
rollback;

-- Accounts: what each role may see of app.users.
begin;
select plan(10);

select tests.create_user('alice@example.com', 'Alice') as alice \gset
select tests.create_user('bob@example.com', 'Bob') as bob \gset

select has_table('app', 'users', 'app.users exists');
select ok((select relrowsecurity from pg_class where oid = 'app.users'::regclass), 'row-level security is on for app.users');
select throws_ok($$ select tests.create_user('ALICE@example.com') $$, '23505', null, 'emails are unique case-insensitively');
select throws_ok($$ select tests.create_user('not an email') $$, '23514', null, 'a malformed email is refused by the table');

select tests.authenticate_as(:'alice');
select is((select count(*)::int from app.users where id in (:'alice', :'bob')), 1, 'a signed-in user reads their own profile row, not another user''s');
select throws_ok($$ select email from app.users $$, '42501', null, 'a signed-in user cannot read anyone''s email from the table');
select throws_ok($$ select password_hash from app.users $$, '42501', null, 'a signed-in user cannot read password hashes');
select throws_ok(format($$ update app.users set name = 'Mallory' where id = %L $$, :'alice'), '42501', null, 'a user cannot write the table directly, even their own row');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select throws_ok($$ select id from app.users $$, '42501', null, 'anon cannot read accounts');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select is((select count(*)::int from app.users where id in (:'alice', :'bob')), 2, 'the service role reads every account');
select tests.clear_authentication();

select * from finish();
rollback;

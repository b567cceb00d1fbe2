-- The admin console's pages beyond users and logs: job failures (written
-- only by the service role, read with system.read, pruned by the
-- housekeeping).
begin;
select plan(10);

select tests.create_user('ap-root@example.com', 'Root') as root \gset
select tests.create_user('ap-admin@example.com', 'Admin') as adm \gset
select tests.create_user('ap-ed@example.com', 'Ed') as ed \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';
insert into app.user_roles (user_id, role_id) select :'adm', id from app.roles where name = 'admin';

-- Job failures
select tests.authenticate_as_service_role();
select lives_ok($$ select api.record_job_failure('email', 'POST /functions/v1/email answered 500') $$, 'the service role records a job failure');
select throws_ok($$ select api.record_job_failure('Not A Job', 'x') $$, 'PT400', null, 'with a job name it checks');
select tests.clear_authentication();
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.record_job_failure('email', 'forged') $$, '42501', null, 'a user cannot record one');
select is((select count(*)::int from app.job_failures), 0, 'nor read them');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ select * from app.job_failures $$, '42501', null, 'anon cannot read them');
select tests.clear_authentication();
select tests.authenticate_as(:'adm');
select is((select array_agg(job) from app.job_failures), array['email'], 'an admin (system.read) reads them');
select throws_ok($$ delete from app.job_failures $$, '42501', null, 'but cannot delete them');
select tests.clear_authentication();

insert into app.job_failures (job, message, failed_at) values ('email', 'old', now() - interval '31 days');
select tests.authenticate_as_service_role();
select throws_ok($$ delete from app.job_failures $$, '42501', null, 'the service role does not delete them by hand either');
select lives_ok($$ select private.purge_auth_data() $$, 'the housekeeping runs');
select tests.clear_authentication();
select is(array(select message from app.job_failures), array['POST /functions/v1/email answered 500'],
  'and prunes failures older than jobs.failure_retention_days');

select * from finish();
rollback;

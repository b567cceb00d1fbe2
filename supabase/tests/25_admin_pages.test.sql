-- The admin console's pages beyond users and logs: job failures (written
-- only by the service role, read with system.read, pruned by the
-- housekeeping); the system page (system.read, secrets masked); the
-- storage page (files.read_all_metadata, metadata only); payments: totals
-- per plan and settling a reviewed one (payments.manage).
begin;
select plan(35);

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

-- The system page
insert into private.settings (key, value) values ('test.api_secret', 'hunter2') on conflict (key) do update set value = excluded.value;
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.admin_system() $$, '42501', 'You need the system.read permission to do this', 'an editor cannot read the system page');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$ select api.admin_system() $$, '42501', null, 'nor anon');
select tests.clear_authentication();
select tests.authenticate_as(:'adm');
select is(api.admin_system() ->> 'postgres_version', current_setting('server_version'), 'an admin reads the Postgres version');
select ok(api.admin_system() -> 'queues' ?& array['email_pending', 'email_failed', 'payments_pending', 'payments_needs_review'],
  'the queue depths');
select is(api.admin_system() -> 'job_failures' -> 0 ->> 'message', 'POST /functions/v1/email answered 500', 'the latest job failures');
select is((select s from jsonb_array_elements(api.admin_system() -> 'settings') s where s ->> 'key' = 'test.api_secret'),
  '{"key": "test.api_secret", "value": "••••", "secret": true}', 'settings, a secret masked');
select is((select s from jsonb_array_elements(api.admin_system() -> 'settings') s where s ->> 'key' = 'activity_log.retention_days'),
  '{"key": "activity_log.retention_days", "value": "365", "secret": false}', 'and the others as they are');
select tests.clear_authentication();

-- The storage page
insert into app.files (id, owner_id, name, size) values
  ('25000000-0000-4000-8000-000000000001', :'ed', 'big.iso', 5000000000),
  ('25000000-0000-4000-8000-000000000002', :'ed', 'small.txt', 10);
insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type) values
  ('25000000-0000-4000-8000-000000000001', :'ed', 1, 'k1', 5000000000, repeat('a', 64), 'application/octet-stream'),
  ('25000000-0000-4000-8000-000000000002', :'ed', 1, 'k2', 10, repeat('b', 64), 'text/plain');
insert into app.storage_accounts (owner_id, used) values (:'ed', 5000000010)
on conflict (owner_id) do update set used = excluded.used;
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.admin_storage() $$, '42501', null, 'an editor cannot read the storage page');
select tests.clear_authentication();
select tests.authenticate_as(:'adm');
select is((api.admin_storage() -> 'per_user' -> 0) - 'quota_bytes',
  jsonb_build_object('user_id', :'ed', 'email', 'ap-ed@example.com', 'used_bytes', 5000000010, 'files', 2),
  'an admin sees the heaviest user first');
select is(api.admin_storage() -> 'largest' -> 0 ->> 'name', 'big.iso', 'and the largest file first');
select ok(not (api.admin_storage() -> 'largest' -> 0 ? 'object_key'), 'metadata only: no object key to fetch bytes with');
select is(jsonb_array_length(api.admin_storage() -> 'uploads_per_day'), 90, 'uploads per day: every one of the last 90 days');
select is((api.admin_storage() -> 'uploads_per_day' -> 89) - 'day', '{"files": 2, "bytes": 5000000010}', 'today''s uploads counted');
select is(api.admin_storage() -> 'orphans', 'null'::jsonb, 'orphans: null until maintenance records a run');
select tests.clear_authentication();

-- Payments
insert into app.transactions (id, user_id, plan_code, amount, phone, state, account_reference, description, receipt, paid_amount, paid_phone, review_reason) values
  ('25000000-0000-4000-8000-0000000000a1', :'adm', 'plus', 250, '254712345678', 'pending', 'pgdrive', 'plus', null, null, null, null),
  ('25000000-0000-4000-8000-0000000000a2', :'ed', 'plus', 250, '254712345679', 'pending', 'pgdrive', 'plus', 'RCP0000001', 200, '254712345679', 'amount differs');
update app.transactions set state = 'needs_review' where id = '25000000-0000-4000-8000-0000000000a2';
select tests.authenticate_as(:'ed');
select throws_ok($$ select api.admin_payment_totals_by_plan() $$, '42501', null, 'an editor cannot read payment totals');
select throws_ok($$ select api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a2', 'paid', 'checked') $$, '42501', null,
  'nor settle a payment');
select tests.clear_authentication();
select tests.authenticate_as(:'adm');
select is(api.admin_payment_totals_by_plan(), '[{"plan_code": "plus", "state": "needs_review", "payments": 1, "amount_kes": 250}, {"plan_code": "plus", "state": "pending", "payments": 1, "amount_kes": 250}]',
  'an admin reads totals per plan and state');
select is(api.admin_payment_totals_by_plan(until => now() - interval '1 day'), '[]', 'within a date range');
select throws_ok($$ select api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a2', 'paid', 'checked') $$, '42501',
  'You need the payments.manage permission to do this', 'an admin without payments.manage cannot settle');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select throws_ok($$ select api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a2', 'maybe', 'checked') $$, 'PT400', null, 'outcome is paid or failed');
select throws_ok($$ select api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a2', 'paid', '  ') $$, 'PT400', null, 'a reason is required');
select throws_ok($$ select api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a1', 'paid', 'checked') $$, 'PT409', null,
  'only a payment needing review can be settled');
select is(api.admin_settle_transaction('25000000-0000-4000-8000-0000000000a2', 'paid', 'Customer sent the rest by hand') ->> 'state', 'paid',
  'a superadmin settles a reviewed payment as paid');
select tests.clear_authentication();
select is((select plan_code from app.subscriptions where transaction_id = '25000000-0000-4000-8000-0000000000a2'), 'plus',
  'which credits the subscription as a matching callback would');
select is((select meta ->> 'reason' from app.activity_log where action = 'admin.payment_settled' and target_id = '25000000-0000-4000-8000-0000000000a2'),
  'Customer sent the rest by hand', 'and is logged with the reason');

select * from finish();
rollback;

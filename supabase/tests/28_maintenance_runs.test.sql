-- The files housekeeping records each run (20261205000000_maintenance_runs.sql):
-- only the service role writes a run; holders of files.read_all_metadata read
-- them on the Storage page (the latest run and the last 30 days); nobody
-- else reads or writes them; runs older than 30 days are pruned.
begin;
select plan(16);

select tests.create_user('mr-admin@example.com', 'Admin') as adm \gset
select tests.create_user('mr-ed@example.com', 'Ed') as ed \gset
insert into app.user_roles (user_id, role_id) select :'adm', id from app.roles where name = 'admin';

select tests.authenticate_as(:'adm');
select is(api.admin_storage() -> 'orphans', 'null'::jsonb, 'before the first run the Storage page says so (null)');
select tests.clear_authentication();

-- Writing: the service role alone.
select tests.authenticate_as_service_role();
select lives_ok($$ select app.record_maintenance_run(1, 2, 3, 4, 4, false) $$, 'the service role records a run');
select throws_ok($$ select app.record_maintenance_run(0, 0, 0, 1, 2, false) $$, '23514', null,
  'a run cannot collect more orphans than it found');
select throws_ok($$ select app.record_maintenance_run(-1, 0, 0, 0, 0, false) $$, '23514', null, 'nor count below zero');
select tests.clear_authentication();

select tests.authenticate_as(:'ed');
select throws_ok($$ select app.record_maintenance_run(0, 0, 0, 0, 0, false) $$, '42501', null, 'a user cannot record a run');
select throws_ok($$ insert into app.maintenance_runs (expired_uploads, purged_from_trash, deleted_objects, orphans_found, orphans_collected, collection_paused)
  values (0, 0, 0, 0, 0, false) $$, '42501', null, 'nor write the table');
select is((select count(*)::int from app.maintenance_runs), 0, 'an editor reads no runs');
select throws_ok($$ select api.admin_storage() $$, '42501', null, 'nor the Storage page');
select tests.clear_authentication();

select tests.authenticate_as(:'adm');
select throws_ok($$ delete from app.maintenance_runs $$, '42501', null, 'an admin cannot delete runs');
select throws_ok($$ update app.maintenance_runs set orphans_found = 0 $$, '42501', null, 'nor change them');
select tests.clear_authentication();

set local role anon;
select throws_ok($$ select count(*) from app.maintenance_runs $$, '42501', null, 'anon cannot read runs');
reset role;

-- Reading: the latest run, and the last 30 days together.
insert into app.maintenance_runs (ran_at, expired_uploads, purged_from_trash, deleted_objects, orphans_found, orphans_collected, collection_paused)
values (now() - interval '10 days', 0, 0, 0, 5, 3, false),
       (now() - interval '40 days', 0, 0, 0, 100, 100, false);
select tests.authenticate_as(:'adm');
select is((api.admin_storage() -> 'orphans') - 'last_run_at',
  '{"found": 4, "collected": 4, "collection_paused": false, "found_30_days": 9, "collected_30_days": 7}'::jsonb,
  'an admin sees the latest run and the last 30 days (older runs not counted)');
select is((select count(*)::int from app.maintenance_runs), 3, 'and reads the runs themselves');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select app.record_maintenance_run(0, 0, 0, 0, 0, true);
select tests.clear_authentication();
select is((select count(*)::int from app.maintenance_runs where ran_at < now() - interval '30 days'), 0,
  'recording a run prunes runs older than 30 days');
select tests.authenticate_as(:'adm');
select is((api.admin_storage() -> 'orphans' ->> 'collection_paused')::boolean, true,
  'a run a backup paused is shown as paused');
select is((api.admin_storage() -> 'orphans' ->> 'found_30_days')::int, 9, 'and finds nothing of its own');
select tests.clear_authentication();

select * from finish();
rollback;

/*
 * What the files housekeeping did, run by run (supabase/functions/files/
 * maintenance.ts): uploads expired, versions purged from the trash, queued
 * garbage deleted, and the orphans it found (objects in storage that no row
 * references, past the sweep's grace: the bytes of a crash between writing
 * and recording them) and how many of those it collected. The admin
 * console's Storage page shows the latest run and the last 30 days. Only the
 * service role (the housekeeping) records a run; holders of
 * files.read_all_metadata read them through api.admin_storage. Each record
 * prunes runs older than 30 days, so the table stays small without a job of
 * its own.
 */
create table app.maintenance_runs (
  id bigint generated always as identity primary key,
  ran_at timestamptz not null default now(),
  expired_uploads integer not null check (expired_uploads >= 0),
  purged_from_trash integer not null check (purged_from_trash >= 0),
  deleted_objects integer not null check (deleted_objects >= 0),
  orphans_found integer not null check (orphans_found >= 0),
  orphans_collected integer not null check (orphans_collected between 0 and orphans_found),
  collection_paused boolean not null
);
alter table app.maintenance_runs enable row level security;
comment on table app.maintenance_runs is 'One row per files housekeeping run: expired uploads, trash purged, garbage deleted, orphans found and collected; 30 days kept.';

create index maintenance_runs_ran_at on app.maintenance_runs (ran_at desc, id desc);

revoke all on app.maintenance_runs from public, anon, authenticated, service_role;
grant select on app.maintenance_runs to authenticated;

create policy "holders of files.read_all_metadata read maintenance runs" on app.maintenance_runs
  for select to authenticated
  using ((select app.user_has_permission('files.read_all_metadata')));

/* Records one housekeeping run (the service role's alone) and forgets runs older than 30 days. */
create or replace function app.record_maintenance_run(
  expired_uploads integer,
  purged_from_trash integer,
  deleted_objects integer,
  orphans_found integer,
  orphans_collected integer,
  collection_paused boolean
)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  delete from app.maintenance_runs where ran_at < now() - interval '30 days';
  insert into app.maintenance_runs (expired_uploads, purged_from_trash, deleted_objects, orphans_found, orphans_collected, collection_paused)
  values ($1, $2, $3, $4, $5, $6);
$$;
comment on function app.record_maintenance_run(integer, integer, integer, integer, integer, boolean) is
  'Service role only: records what one files housekeeping run did; runs older than 30 days are pruned.';
revoke all on function app.record_maintenance_run(integer, integer, integer, integer, integer, boolean) from public, anon, authenticated;
grant execute on function app.record_maintenance_run(integer, integer, integer, integer, integer, boolean) to service_role;

/* The Storage page, restated: orphans now come from the recorded runs (they were null). */
create or replace function api.admin_storage()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $function$
begin
  perform app.require_live_session();
  perform private.require_permission('files.read_all_metadata');
  return jsonb_build_object(
    'total_bytes', (select coalesce(sum(a.used), 0) from app.storage_accounts a),
    'files', (select count(*) from app.files f where f.trashed_at is null),
    'users', (select count(*) from app.users),
    'per_user', coalesce((
      select jsonb_agg(jsonb_build_object('user_id', a.owner_id, 'email', u.email, 'used_bytes', a.used,
        'quota_bytes', app.storage_quota(a.owner_id),
        'files', (select count(*) from app.files f where f.owner_id = a.owner_id and f.trashed_at is null)
      ) order by a.used desc, a.owner_id)
      from (select * from app.storage_accounts order by used desc, owner_id limit 50) a
      join app.users u on u.id = a.owner_id
    ), '[]'),
    'largest', coalesce((
      select jsonb_agg(jsonb_build_object('id', f.id, 'owner_id', f.owner_id, 'owner_email', u.email, 'name', f.name,
        'size', f.size, 'mime_type', f.mime_type, 'updated_at', f.updated_at) order by f.size desc, f.id)
      from (select * from app.files where trashed_at is null order by size desc limit 50) f
      join app.users u on u.id = f.owner_id
    ), '[]'),
    'uploads_per_day', (
      select jsonb_agg(jsonb_build_object('day', d.day, 'files', coalesce(v.files, 0), 'bytes', coalesce(v.bytes, 0)) order by d.day)
      from generate_series((now() at time zone 'UTC')::date - 89, (now() at time zone 'UTC')::date, interval '1 day') as d(day)
      left join (
        select (fv.created_at at time zone 'UTC')::date as day, count(*) as files, sum(fv.size) as bytes
        from app.file_versions fv
        where fv.created_at >= ((now() at time zone 'UTC')::date - 89)::timestamp at time zone 'UTC'
        group by 1
      ) v on v.day = d.day::date
    ),
    -- The latest housekeeping run, and the last 30 days together (a run paused by a backup finds nothing).
    'orphans', (
      select jsonb_build_object('last_run_at', r.ran_at, 'found', r.orphans_found, 'collected', r.orphans_collected,
        'collection_paused', r.collection_paused,
        'found_30_days', (select coalesce(sum(orphans_found), 0) from app.maintenance_runs where ran_at > now() - interval '30 days'),
        'collected_30_days', (select coalesce(sum(orphans_collected), 0) from app.maintenance_runs where ran_at > now() - interval '30 days'))
      from app.maintenance_runs r
      order by r.ran_at desc, r.id desc
      limit 1
    )
  );
end
$function$;
comment on function api.admin_storage() is 'Needs files.read_all_metadata. {total_bytes, files, users, per_user: top 50 by bytes used [{user_id, email, used_bytes, quota_bytes, files}], largest: top 50 files [{id, owner_id, owner_email, name, size, mime_type, updated_at}], uploads_per_day: the last 90 UTC days, each present [{day, files, bytes}] (file versions written), orphans: the latest housekeeping run {last_run_at, found, collected, collection_paused, found_30_days, collected_30_days}, or null before the first}.';

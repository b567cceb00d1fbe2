-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_storage()
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
grant execute on function api.admin_storage() to authenticated;
comment on function api.admin_storage() is 'Needs files.read_all_metadata. {total_bytes, files, users, per_user: top 50 by bytes used [{user_id, email, used_bytes, quota_bytes, files}], largest: top 50 files [{id, owner_id, owner_email, name, size, mime_type, updated_at}], uploads_per_day: the last 90 UTC days, each present [{day, files, bytes}] (file versions written), orphans: the latest housekeeping run {last_run_at, found, collected, collection_paused, found_30_days, collected_30_days}, or null before the first}.';

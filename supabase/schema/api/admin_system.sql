-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_system()
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  migrations jsonb := '[]';
begin
  perform app.require_live_session();
  perform private.require_permission('system.read');
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    execute 'select coalesce(jsonb_agg(jsonb_build_object(''version'', version, ''name'', name) order by version), ''[]'')
             from supabase_migrations.schema_migrations' into migrations;
  end if;
  return jsonb_build_object(
    'postgres_version', current_setting('server_version'),
    'migrations', migrations,
    'queues', api.queue_depths(),
    'job_failures', coalesce((
      select jsonb_agg(jsonb_build_object('job', f.job, 'failed_at', f.failed_at, 'message', f.message) order by f.failed_at desc, f.id desc)
      from (select * from app.job_failures order by failed_at desc, id desc limit 20) f
    ), '[]'),
    'settings', coalesce((
      select jsonb_agg(jsonb_build_object(
        'key', s.key,
        'value', case when private.setting_is_secret(s.key) then '••••' else s.value end,
        'secret', private.setting_is_secret(s.key)
      ) order by s.key)
      from private.settings s
    ), '[]')
  );
end
$function$;
grant execute on function api.admin_system() to authenticated;
comment on function api.admin_system() is 'Needs system.read. {postgres_version, migrations: [{version, name}], queues: {email_pending, email_failed, payments_pending, payments_needs_review, ...}, job_failures: [{job, failed_at, message}] (latest 20), settings: [{key, value, secret}] (secret values masked)}.';

-- The admin console's system page: what runs, what waits, what failed, and
-- the effective settings with secrets masked. rpc/admin_system is the SQL
-- half; GET /functions/v1/admin/system adds the edge's drivers and version.

/* Is this setting a secret? Its value is masked on the system page. */
create or replace function private.setting_is_secret(key text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select key ~ '(secret|password|api_key|private_key|jwt)'
$$;

/*
 * The system page: the Postgres version, the migrations applied, queue
 * depths (api.queue_depths), the latest 20 job failures and every setting
 * of private.settings (secrets as ••••).
 */
create or replace function api.admin_system()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
comment on function api.admin_system() is
  'Needs system.read. {postgres_version, migrations: [{version, name}], queues: {email_pending, email_failed, payments_pending, payments_needs_review, ...}, job_failures: [{job, failed_at, message}] (latest 20), settings: [{key, value, secret}] (secret values masked)}.';
grant execute on function api.admin_system() to authenticated;

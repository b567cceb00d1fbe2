/*
 * Log retention: activity rows older than activity_log.retention_days (365)
 * are deleted by the housekeeping (private.purge_auth_data, restated whole
 * from 20261202700000_purge_old_access_tokens.sql with two steps more: the
 * activity log and old job failures).
 *
 * The log stays append-only for every API role: the housekeeping runs as
 * service_role, which the trigger refuses, so the deletion goes through
 * private.purge_activity_log, a security definer function owned by the
 * migration owner (the trigger lets the table owner through). It deletes
 * only what the setting says is past retention, so holding execute on it
 * (service_role does, for the housekeeping) cannot erase recent history.
 */
insert into private.settings (key, value) values ('activity_log.retention_days', '365')
on conflict (key) do nothing;

/* Deletes up to 50,000 activity rows older than activity_log.retention_days (at least 1), oldest first; answers how many. */
create or replace function private.purge_activity_log()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  cutoff timestamptz := now() - make_interval(days => greatest(private.setting_int('activity_log.retention_days', 365), 1));
  n integer;
begin
  delete from app.activity_log l
  where l.id in (
    select o.id from app.activity_log o
    where o.created_at < cutoff
    order by o.created_at, o.id
    limit 50000
  );
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function private.purge_activity_log() is 'Deletes up to 50,000 activity rows older than activity_log.retention_days (365), oldest first; the one path past the append-only trigger.';
grant execute on function private.purge_activity_log() to service_role;

create or replace function private.purge_auth_data()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  total integer := 0;
  n integer;
begin
  delete from private.refresh_tokens
  where expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from private.password_reset_tokens
  where expires_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from private.email_confirmations
  where expires_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from app.users u
  where u.email_confirmed_at is null
    and u.created_at < now() - make_interval(days => private.setting_int('auth.unconfirmed_account_days', 7))
    and not exists (select from app.sessions s where s.user_id = u.id)
    and not exists (select from app.files f where f.owner_id = u.id)
    and not exists (
      select from private.email_confirmations c
      where c.user_id = u.id and c.used_at is null and c.voided_at is null and c.expires_at > now()
    );
  get diagnostics n = row_count; total := total + n;

  delete from private.auth_attempts a
  where a.created_at < now() - make_interval(secs => private.bucket_window(a.bucket));
  get diagnostics n = row_count; total := total + n;

  delete from private.email_outbox
  where (status = 'sent' and sent_at < now() - interval '7 days')
     or (status = 'failed' and created_at < now() - interval '30 days');
  get diagnostics n = row_count; total := total + n;

  delete from app.sessions
  where ended_at < now() - interval '90 days';
  get diagnostics n = row_count; total := total + n;

  delete from app.notifications
  where read_at < now() - make_interval(days => private.setting_int('notifications.retention_days', 90));
  get diagnostics n = row_count; total := total + n;

  -- Personal access tokens revoked or expired long enough ago that their owner no longer
  -- needs to see them in my_access_tokens (their sessions go with them: on delete cascade).
  delete from app.access_tokens
  where revoked_at < now() - make_interval(days => private.setting_int('access_tokens.retention_days', 90))
     or expires_at < now() - make_interval(days => private.setting_int('access_tokens.retention_days', 90));
  get diagnostics n = row_count; total := total + n;

  -- Activity older than activity_log.retention_days, oldest first and at most 50,000 rows a run,
  -- so a first run over years of log does not hold one long transaction. Through
  -- private.purge_activity_log: the append-only trigger refuses every API role, this one included.
  total := total + private.purge_activity_log();

  delete from app.job_failures
  where failed_at < now() - make_interval(days => private.setting_int('jobs.failure_retention_days', 30));
  get diagnostics n = row_count; total := total + n;

  return total;
end
$$;

comment on function private.purge_auth_data() is 'Deletes expired tokens, attempts past their bucket''s window, old sent emails, long-ended sessions, unconfirmed accounts past auth.unconfirmed_account_days that never signed in, read notifications past notifications.retention_days, personal access tokens revoked or expired more than access_tokens.retention_days ago, activity older than activity_log.retention_days and job failures older than jobs.failure_retention_days.';

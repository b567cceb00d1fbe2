-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.purge_auth_data()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function private.purge_auth_data() to service_role;
comment on function private.purge_auth_data() is 'Deletes expired tokens, attempts past their bucket''s window, old sent emails, long-ended sessions, unconfirmed accounts past auth.unconfirmed_account_days that never signed in, read notifications past notifications.retention_days, personal access tokens revoked or expired more than access_tokens.retention_days ago, activity older than activity_log.retention_days and job failures older than jobs.failure_retention_days.';

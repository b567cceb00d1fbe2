-- Housekeeping for the accounts tables: forget what no longer protects
-- anything. Locally the gateway's job runner calls it every few minutes; on
-- hosted Supabase schedule it with pg_cron (see README):
--   select cron.schedule('pgdrive-auth-housekeeping', '*/10 * * * *', 'select private.purge_auth_data()');

/*
 * Deletes refresh tokens a day past expiry or revocation, reset tokens a day
 * past use or expiry, attempts older than the lockout window, and sent emails
 * after a week (failed ones are kept a month for diagnosis). Sessions ended
 * over 90 days ago go too; the activity log is kept. Returns rows deleted.
 */
create or replace function private.purge_auth_data()
returns integer
language plpgsql
volatile
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

  delete from private.auth_attempts
  where created_at < now() - make_interval(secs => private.setting_int('auth.failure_window_seconds', 900));
  get diagnostics n = row_count; total := total + n;

  delete from private.email_outbox
  where (status = 'sent' and sent_at < now() - interval '7 days')
     or (status = 'failed' and created_at < now() - interval '30 days');
  get diagnostics n = row_count; total := total + n;

  delete from app.sessions
  where ended_at < now() - interval '90 days';
  get diagnostics n = row_count; total := total + n;

  return total;
end
$$;
comment on function private.purge_auth_data() is 'Deletes expired tokens, old attempts, old sent emails and long-ended sessions.';
grant execute on function private.purge_auth_data() to service_role;

/*
 * Housekeeping forgets personal access tokens too. private.purge_auth_data()
 * (restated whole, as last in 20261202100000_notifications.sql) deleted
 * expired refresh tokens, links, attempts, old mail, sessions and read
 * notifications, but a revoked or expired personal access token
 * (20261202500000_access_tokens.sql) stayed for ever, hash and all. Now it
 * goes access_tokens.retention_days (90) after it was revoked or
 * expired; until then my_access_tokens still shows it to its owner.
 */
insert into private.settings (key, value) values ('access_tokens.retention_days', '90')
on conflict (key) do nothing;

create or replace function private.purge_auth_data()
returns integer
language plpgsql
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

  return total;
end
$$;

comment on function private.purge_auth_data() is 'Deletes expired tokens, attempts past their bucket''s window, old sent emails, long-ended sessions, unconfirmed accounts past auth.unconfirmed_account_days that never signed in, read notifications past notifications.retention_days, and personal access tokens revoked or expired more than access_tokens.retention_days ago.';

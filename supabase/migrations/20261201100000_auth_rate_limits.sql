-- Rate limits, second round: each bucket keeps its own window, and a client
-- address is counted the way an attacker would have to change it.
--
-- Buckets of private.auth_attempts and how long each remembers an attempt:
--   login        failed sign-ins                 auth.failure_window_seconds (900)
--   reset        password-reset requests          auth.failure_window_seconds
--   reauth       wrong current passwords          auth.failure_window_seconds
--   signup       accounts asked for per address   auth.signup_window_seconds (3600)
--   lock_notice  "someone is guessing" emails     auth.lock_notice_interval_seconds (3600)
-- The first window was the only one until now, so an hour-long limit could
-- not be written: housekeeping forgot its rows after 15 minutes.
--
-- Addresses: an IPv4 client is its address; an IPv6 client is its /64, the
-- smallest network a provider hands a customer (counting single IPv6
-- addresses would give one attacker 2^64 fresh counters). An IPv4-mapped
-- IPv6 address (::ffff:192.0.2.1, what a dual-stack socket reports) is the
-- IPv4 address it carries, so one client has one counter whichever socket
-- it came through.
--
-- Every function that records an attempt answers a refused request without
-- raising (private.http_error), so the count and the audit row commit even
-- though the answer is an error: a raised error would roll both back.

/* How long attempts in `bucket` count, in seconds: the one place that knows each bucket's window. */
create or replace function private.bucket_window(bucket text)
returns integer
language sql
stable
set search_path = ''
as $$
  select case bucket_window.bucket
    when 'signup' then private.setting_int('auth.signup_window_seconds', 3600)
    when 'lock_notice' then private.setting_int('auth.lock_notice_interval_seconds', 3600)
    else private.setting_int('auth.failure_window_seconds', 900)
  end
$$;

/*
 * The key a client address is counted under: the IPv4 address, or the /64
 * of an IPv6 address ('2001:db8:1:2::/64'); null when the address is unknown.
 */
create or replace function private.client_key(address inet)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when address is null then null
    when family(address) = 6 and address << inet '::ffff:0.0.0.0/96' then host(('0.0.0.0'::inet + (address - inet '::ffff:0.0.0.0')))
    when family(address) = 6 then host(network(set_masklen(address, 64))) || '/64'
    else host(address)
  end
$$;

/*
 * Seconds until `subject` may try `bucket` again: 0 when under `max_count`
 * attempts in the bucket's window, otherwise the rest of a back-off of
 * base * 2^(attempts - max_count), capped at the window.
 */
create or replace function private.retry_after(bucket text, subject text, max_count integer)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  window_seconds integer := private.bucket_window(retry_after.bucket);
  base_seconds integer := private.setting_int('auth.backoff_base_seconds', 60);
  attempts integer;
  latest timestamptz;
  lock_seconds numeric;
begin
  if subject is null then
    return 0;
  end if;
  select count(*), max(a.created_at) into attempts, latest
  from private.auth_attempts a
  where a.bucket = retry_after.bucket
    and a.subject = retry_after.subject
    and a.created_at > now() - make_interval(secs => window_seconds);
  if attempts < max_count then
    return 0;
  end if;
  lock_seconds := least(base_seconds * power(2, least(attempts - max_count, 20)), window_seconds);
  return greatest(ceil(extract(epoch from latest + make_interval(secs => lock_seconds) - now())), 0)::integer;
end
$$;

/* Records one attempt and forgets this subject's attempts older than the bucket's window. */
create or replace function private.record_attempt(bucket text, subject text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if subject is null then
    return;
  end if;
  delete from private.auth_attempts a
  where a.bucket = record_attempt.bucket
    and a.subject = record_attempt.subject
    and a.created_at < now() - make_interval(secs => private.bucket_window(record_attempt.bucket));
  insert into private.auth_attempts (bucket, subject) values (record_attempt.bucket, record_attempt.subject);
end
$$;

/*
 * Deletes refresh tokens a day past expiry or revocation, reset tokens a day
 * past use or expiry, attempts older than their bucket's window, and sent
 * emails after a week (failed ones are kept a month for diagnosis). Sessions
 * ended over 90 days ago go too; the activity log is kept. Returns rows deleted.
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

  return total;
end
$$;
comment on function private.purge_auth_data() is 'Deletes expired tokens, attempts past their bucket''s window, old sent emails and long-ended sessions.';

/*
 * Forgot password: always the same answer, whether or not the email has an
 * account (no enumeration), and the same 429 past the limit for both.
 * Limited per email (the mailbox is not flooded) and per client address.
 * Counted before anything else and answered without raising, so the count
 * commits.
 */
create or replace function api.forgot_password(email text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  clean text := private.clean_email(forgot_password.email);
  subject_email text := 'email:' || lower(clean);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  account app.users;
  token text;
begin
  wait := greatest(
    private.retry_after('reset', subject_email, private.setting_int('auth.max_resets_per_email', 5)),
    private.retry_after('reset', subject_ip, private.setting_int('auth.max_resets_per_ip', 20))
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  perform private.record_attempt('reset', subject_email);
  perform private.record_attempt('reset', subject_ip);

  select * into account from app.users u where u.email operator(extensions.=) clean::extensions.citext;
  if account.id is not null and account.disabled_at is null then
    update private.password_reset_tokens t set voided_at = now()
    where t.user_id = account.id and t.used_at is null and t.voided_at is null;
    token := private.base64url(extensions.gen_random_bytes(32));
    insert into private.password_reset_tokens (user_id, token_hash, expires_at)
    values (account.id, extensions.digest(token, 'sha256'),
      now() + make_interval(secs => private.setting_int('auth.reset_token_ttl', 900)));
    perform private.enqueue_email(
      account.email::text,
      'Reset your pgdrive password',
      format(E'Hello%s,\n\nSomeone (hopefully you) asked to reset the password of your pgdrive account.\n\nOpen this link within 15 minutes to choose a new one:\n\n%s/reset-password?token={{secret}}\n\nIf you did not ask for this, ignore this email: your password stays the same.\n',
        coalesce(' ' || account.name, ''), private.site_url()),
      'password_reset',
      token
    );
  end if;
  perform app.log_activity('auth.reset_requested', account.id, 'user', account.id::text,
    jsonb_build_object('email', lower(clean), 'account', account.id is not null));
  return jsonb_build_object('message', 'If an account exists for this email, a link to reset its password is on its way.');
end
$$;
comment on function api.forgot_password(text) is
  'Emails a single-use password-reset link valid 15 minutes. Answers the same whether or not the email has an account; 429 with Retry-After past auth.max_resets_per_email (5) per email or auth.max_resets_per_ip (20) per client address in 15 minutes.';

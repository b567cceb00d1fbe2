-- Brute-force protection: attempts counted per subject (an email, a client
-- IP) in a sliding window. Past the limit, further attempts are refused until
-- a back-off that doubles with every extra failure ends.
--
-- The counters live in `private` (no API role can read or reset them) and are
-- written by the auth functions. Those functions answer a refused attempt
-- with `response.status` instead of raising, precisely so the transaction
-- that recorded the failure commits: a raised error would roll the counter
-- back and make the limit useless.
--
-- Settings (private.settings), with defaults:
--   auth.max_failures_per_email   5     failed logins per email in the window
--   auth.max_failures_per_ip      20    per client IP (looser: NAT and offices share one)
--   auth.failure_window_seconds   900   the window (15 minutes)
--   auth.backoff_base_seconds     60    first lockout; doubles per extra failure, capped at the window

/* An integer setting, or its default. */
create or replace function private.setting_int(setting_key text, default_value integer)
returns integer
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce(nullif(private.setting(setting_key), '')::integer, default_value);
exception
  when invalid_text_representation or numeric_value_out_of_range then
    return default_value;
end
$$;

create table private.auth_attempts (
  id bigint generated always as identity primary key,
  bucket text not null,
  subject text not null,
  created_at timestamptz not null default now()
);
alter table private.auth_attempts enable row level security;
-- No policy on purpose: only security definer functions touch it.
create index auth_attempts_lookup on private.auth_attempts (bucket, subject, created_at desc);

comment on table private.auth_attempts is 'Failed logins and reset requests per email and client IP, for lockouts.';

/*
 * Seconds until `subject` may try `bucket` again: 0 when under `max_count`
 * attempts in the window, otherwise the rest of a back-off of
 * base * 2^(attempts - max_count), capped at the window.
 */
create or replace function private.retry_after(bucket text, subject text, max_count integer)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  window_seconds integer := private.setting_int('auth.failure_window_seconds', 900);
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

/* Records one attempt and forgets this subject's attempts older than the window. */
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
    and a.created_at < now() - make_interval(secs => private.setting_int('auth.failure_window_seconds', 900));
  insert into private.auth_attempts (bucket, subject) values (record_attempt.bucket, record_attempt.subject);
end
$$;

/*
 * An error answered without raising: sets the HTTP status (and Retry-After)
 * through PostgREST's response GUCs and returns the body in PostgREST's error
 * shape. Used where the transaction must commit (failure counters, token
 * family revocation) or where the Retry-After header must survive.
 */
create or replace function private.http_error(
  status integer,
  code text,
  message text,
  hint text default null,
  retry_after integer default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
begin
  perform set_config('response.status', status::text, true);
  if retry_after is not null then
    perform set_config('response.headers', jsonb_build_array(jsonb_build_object('Retry-After', retry_after::text))::text, true);
  end if;
  return jsonb_build_object('code', code, 'message', message, 'details', null, 'hint', hint);
end
$$;

/* The 429 answer for a subject that must wait `seconds`. */
create or replace function private.too_many_attempts(seconds integer)
returns jsonb
language sql
volatile
set search_path = ''
as $$
  select private.http_error(
    429, 'PT429', 'Too many attempts. Try again later.',
    format('Retry after %s seconds', seconds), seconds
  )
$$;

-- Password reset by email, and the email outbox every feature sends through.
--
-- The outbox: SQL never talks to a mail server. A function writes a row; the
-- `email` edge function drains the outbox (locally the gateway triggers it on
-- NOTIFY email_outbox and every few seconds; on hosted Supabase a pg_cron job
-- or database webhook calls it), with retries and a growing back-off, and
-- marks a message failed after auth.email_max_attempts, keeping the last error.
--
-- A reset link's token is a secret: the body holds the placeholder
-- `{{secret}}`, the token sits in its own column, and the column is emptied
-- once the message is sent or has failed for good. Only its SHA-256 is kept
-- in password_reset_tokens; the activity log never sees it.

create table private.email_outbox (
  id bigint generated always as identity primary key,
  to_address text not null check (length(to_address) <= 254),
  subject text not null check (length(subject) <= 300),
  body_text text not null,
  secret text,
  kind text not null default 'generic',
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
alter table private.email_outbox enable row level security;
-- No policy on purpose: written by security definer functions, drained by
-- the email function over the database owner's connection.
create index email_outbox_due on private.email_outbox (next_attempt_at) where status in ('pending', 'sending');
comment on table private.email_outbox is 'Emails waiting to be sent; secrets (reset tokens) kept apart and scrubbed once sent.';

/* Wakes the drain as soon as a message is queued. */
create or replace function private.notify_email_outbox()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('email_outbox', new.id::text);
  return new;
end
$$;

create trigger email_outbox_notify
  after insert on private.email_outbox
  for each row execute function private.notify_email_outbox();

/* Queues an email. `secret` replaces {{secret}} in the body when it is sent. */
create or replace function private.enqueue_email(to_address text, subject text, body_text text, kind text default 'generic', secret text default null)
returns bigint
language sql
volatile
set search_path = ''
as $$
  insert into private.email_outbox (to_address, subject, body_text, kind, secret)
  values (enqueue_email.to_address, enqueue_email.subject, enqueue_email.body_text, enqueue_email.kind, enqueue_email.secret)
  returning id
$$;

/*
 * The drain's side. claim_emails hands out up to `batch` due messages with
 * the secret filled in, marking them `sending` (a message stuck in `sending`
 * for 5 minutes, its sender having died, is due again). The sender then calls
 * email_sent or email_failed.
 */
create or replace function private.claim_emails(batch integer default 10)
returns table (id bigint, to_address text, subject text, body_text text, kind text, attempts integer)
language sql
volatile
set search_path = ''
as $$
  with due as (
    select o.id from private.email_outbox o
    where (o.status = 'pending' and o.next_attempt_at <= now())
       or (o.status = 'sending' and o.next_attempt_at <= now() - interval '5 minutes')
    order by o.next_attempt_at
    limit greatest(least(batch, 100), 1)
    for update skip locked
  )
  update private.email_outbox o
  set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now()
  from due
  where o.id = due.id
  returning o.id, o.to_address, o.subject,
    case when o.secret is null then o.body_text else replace(o.body_text, '{{secret}}', o.secret) end,
    o.kind, o.attempts
$$;

create or replace function private.email_sent(email_id bigint)
returns void
language sql
volatile
set search_path = ''
as $$
  update private.email_outbox
  set status = 'sent', sent_at = now(), secret = null, last_error = null
  where id = email_id
$$;

/* Records a failed try: back off 30 s, 1, 2, 4 ... minutes (capped at an hour), failed for good after the limit. */
create or replace function private.email_failed(email_id bigint, error text)
returns void
language sql
volatile
set search_path = ''
as $$
  update private.email_outbox o
  set last_error = left(error, 2000),
      status = case when o.attempts >= private.setting_int('auth.email_max_attempts', 5) then 'failed' else 'pending' end,
      secret = case when o.attempts >= private.setting_int('auth.email_max_attempts', 5) then null else o.secret end,
      next_attempt_at = now() + least(make_interval(secs => 30 * power(2, least(o.attempts - 1, 10))), interval '1 hour')
  where o.id = email_id
$$;

grant execute on function private.claim_emails(integer), private.email_sent(bigint), private.email_failed(bigint, text) to service_role;

/* Reset tokens: hashes only, single use, 15 minutes, a new request voids the old ones. */
create table private.password_reset_tokens (
  id bigint generated always as identity primary key,
  user_id uuid not null references app.users (id) on delete cascade,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz not null default now()
);
alter table private.password_reset_tokens enable row level security;
-- No policy on purpose: only security definer functions touch it.
create index password_reset_tokens_user on private.password_reset_tokens (user_id);
comment on table private.password_reset_tokens is 'SHA-256 of each password-reset token; single use, short-lived.';

/* The site's public base URL for links in emails. */
create or replace function private.site_url()
returns text
language sql
stable
set search_path = ''
as $$
  select rtrim(coalesce(private.setting('site_url'), 'http://localhost:54323'), '/')
$$;

/* Tells a user their password changed (they will know if it was not them). */
create or replace function private.send_password_changed(user_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  select private.enqueue_email(
    u.email::text,
    'Your pgdrive password was changed',
    format(E'Hello%s,\n\nThe password of your pgdrive account was just changed, and every device was signed out.\n\nIf this was not you, reset your password now at %s/forgot-password and tell your administrator.\n',
      coalesce(' ' || u.name, ''), private.site_url()),
    'password_changed'
  )
  from app.users u where u.id = send_password_changed.user_id
$$;

/*
 * Forgot password: always the same answer, whether or not the email has an
 * account (no enumeration). Limited per email and per client IP like login.
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
  subject_ip text := 'ip:' || host(app.client_ip());
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
  'Emails a single-use password-reset link valid 15 minutes. Answers the same whether or not the email has an account; 429 when asked too often.';

/*
 * Reset password: consumes a reset token, sets the new password, ends every
 * session and emails a notice.
 */
create or replace function api.reset_password(token text default null, password text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  found private.password_reset_tokens;
begin
  if reset_password.token is null or length(reset_password.token) > 200 then
    raise exception using errcode = 'PT400', message = 'This reset link is invalid or has expired';
  end if;
  perform private.check_password(reset_password.password);
  select * into found from private.password_reset_tokens t
  where t.token_hash = extensions.digest(reset_password.token, 'sha256')
  for update;
  if found.id is null or found.used_at is not null or found.voided_at is not null or found.expires_at <= now() then
    raise exception using errcode = 'PT400', message = 'This reset link is invalid or has expired',
      hint = 'Ask for a new link.';
  end if;
  update private.password_reset_tokens set used_at = now() where id = found.id;
  update app.users set password_hash = private.hash_password(reset_password.password) where id = found.user_id;
  perform private.end_sessions(found.user_id, 'password_reset');
  delete from private.auth_attempts a
  where a.bucket = 'login' and a.subject = 'email:' || (select lower(u.email::text) from app.users u where u.id = found.user_id);
  perform private.send_password_changed(found.user_id);
  perform app.log_activity('auth.password_changed', found.user_id, 'user', found.user_id::text, '{"via": "reset"}');
  return jsonb_build_object('message', 'Your password was changed. Sign in with the new one.');
end
$$;
comment on function api.reset_password(text, text) is
  'Sets a new password with the token from a reset email; the token is single use and every session ends.';

grant execute on function api.forgot_password(text) to anon, authenticated;
grant execute on function api.reset_password(text, text) to anon, authenticated;

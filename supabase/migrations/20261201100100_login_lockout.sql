-- Login lockout that an attacker cannot turn against the account's owner.
--
-- Until now five wrong passwords for an email locked that email out for
-- everyone, from everywhere, for up to 15 minutes: anyone who knew an
-- address could keep its owner out. Failures are now counted three ways:
--
--   per (email, client address)  auth.max_failures_per_email_ip (5): the hard
--                                lock, with the doubling back-off. It stops
--                                the guesser, not the owner elsewhere.
--   per email                    auth.max_failures_per_email (20): a slow-down
--                                for addresses the owner has not signed in
--                                from in auth.familiar_address_days (30); it
--                                bounds guessing spread over many addresses.
--                                One address cannot reach it alone: the hard
--                                lock stops it after about nine failures in
--                                a window.
--   per client address           auth.max_failures_per_ip (20): as before.
--
-- A client whose address the gateway did not pass counts as one address,
-- 'unknown' (the hard lock then is per email, as before) and is never
-- familiar. Addresses are counted by private.client_key (IPv6 per /64).
--
-- When a lock engages for an existing, enabled account, its owner gets an
-- email (through the outbox) and an `auth.login_locked` row in their
-- activity log, at most once per auth.lock_notice_interval_seconds (3600).

/* "Has this account signed in from this address lately?" reads the account's sessions by time. */
create index if not exists sessions_user_created on app.sessions (user_id, created_at desc);

/* True when `user_id` started a session from the client key `address` within auth.familiar_address_days. */
create or replace function private.is_familiar_address(user_id uuid, address text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select address is not null and exists (
    select from app.sessions s
    where s.user_id = is_familiar_address.user_id
      and s.created_at > now() - make_interval(days => private.setting_int('auth.familiar_address_days', 30))
      and private.client_key(s.client_ip) = is_familiar_address.address
  )
$$;

/*
 * Tells an account's owner that sign-ins are being refused after repeated
 * wrong passwords: an email and an activity-log row, at most once per
 * auth.lock_notice_interval_seconds (one lock episode), so an attacker
 * cannot flood the mailbox. `scope` is 'address' (one address locked) or
 * 'email' (many addresses slowed down).
 */
create or replace function private.notify_login_locked(user_id uuid, scope text, address text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  account app.users;
  notice_subject text := 'user:' || notify_login_locked.user_id;
begin
  select * into account from app.users u where u.id = notify_login_locked.user_id;
  if account.id is null or account.disabled_at is not null then
    return;
  end if;
  if exists (
    select from private.auth_attempts a
    where a.bucket = 'lock_notice' and a.subject = notice_subject
      and a.created_at > now() - make_interval(secs => private.bucket_window('lock_notice'))
  ) then
    return;
  end if;
  perform private.record_attempt('lock_notice', notice_subject);
  perform private.enqueue_email(
    account.email::text,
    'Someone is trying to sign in to your pgdrive account',
    format(E'Hello%s,\n\nSomeone has entered a wrong password for your pgdrive account several times%s, so sign-ins %s are paused for a while. Devices and places you have signed in from before are not affected.\n\nIf this was you, wait a few minutes, or reset your password at %s/forgot-password.\n\nIf it was not you, nothing has been let in. A long passphrase that you use nowhere else keeps it that way.\n',
      coalesce(' ' || account.name, ''),
      case when notify_login_locked.scope = 'address' and notify_login_locked.address is not null
        then ' from the address ' || notify_login_locked.address else ' from several addresses' end,
      case when notify_login_locked.scope = 'address' then 'from there' else 'from new places' end,
      private.site_url()),
    'login_locked'
  );
  perform app.log_activity('auth.login_locked', account.id, 'user', account.id::text,
    jsonb_build_object('scope', notify_login_locked.scope, 'address', notify_login_locked.address));
end
$$;

/*
 * Log in. Unknown email, wrong password and disabled account get the same
 * 400 in the same time (a dummy bcrypt runs when there is no account).
 * Failures are counted per (email, address), per email and per address and
 * answered without raising, so the counts commit; past a limit the answer
 * is a 429 with Retry-After (see the top of this file for which limit
 * applies to whom).
 */
create or replace function api.login(email text default null, password text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  subject_email text;
  address text := private.client_key(app.client_ip());
  email_key text;
  pair_key text;
  ip_key text := 'ip:' || address;
  max_pair integer := private.setting_int('auth.max_failures_per_email_ip', 5);
  max_email integer := private.setting_int('auth.max_failures_per_email', 20);
  wait integer;
  account app.users;
  familiar boolean;
  cost integer := least(greatest(private.setting_int('bcrypt_cost', 10), 4), 16);
  ok boolean;
begin
  if login.email is null or login.password is null or length(login.email) > 1000 or octet_length(login.password) > 1000 then
    raise exception using errcode = 'PT400', message = 'Email and password are required';
  end if;
  subject_email := lower(btrim(login.email));
  email_key := 'email:' || subject_email;
  pair_key := 'email_ip:' || subject_email || ' ' || coalesce(address, 'unknown');

  select * into account from app.users u where u.email operator(extensions.=) btrim(login.email)::extensions.citext;
  familiar := account.id is not null and private.is_familiar_address(account.id, address);

  wait := greatest(
    private.retry_after('login', pair_key, max_pair),
    private.retry_after('login', ip_key, private.setting_int('auth.max_failures_per_ip', 20)),
    case when familiar then 0 else private.retry_after('login', email_key, max_email) end
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;

  if account.id is null then
    -- Same work as a real check, so the answer's timing does not say the email is unknown.
    perform extensions.crypt(login.password, extensions.gen_salt('bf', cost));
    ok := false;
  else
    ok := extensions.crypt(login.password, account.password_hash) = account.password_hash
      and account.disabled_at is null;
  end if;

  if not ok then
    perform private.record_attempt('login', pair_key);
    perform private.record_attempt('login', email_key);
    perform private.record_attempt('login', ip_key);
    perform app.log_activity('auth.login_failed', account.id, 'user', account.id::text,
      jsonb_build_object('email', left(subject_email, 254), 'reason',
        case when account.id is null then 'unknown_email' when account.disabled_at is not null then 'disabled' else 'wrong_password' end));
    if account.id is not null then
      if private.retry_after('login', pair_key, max_pair) > 0 then
        perform private.notify_login_locked(account.id, 'address', address);
      elsif private.retry_after('login', email_key, max_email) > 0 then
        perform private.notify_login_locked(account.id, 'email', address);
      end if;
    end if;
    return private.http_error(400, '28P01', 'Invalid email or password');
  end if;

  -- The owner's own typos from here are forgiven; the per-email count stays,
  -- so a success cannot hand a distributed guesser a fresh allowance.
  delete from private.auth_attempts a where a.bucket = 'login' and a.subject = pair_key;
  -- Upgrade the hash when the configured cost changed since it was made.
  if substr(account.password_hash, 5, 2) <> lpad(cost::text, 2, '0') then
    update app.users set password_hash = private.hash_password(login.password) where id = account.id;
  end if;
  perform app.log_activity('auth.login', account.id, 'user', account.id::text);
  return private.start_session(account.id);
end
$$;
comment on function api.login(text, text) is
  'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}]. 400 "Invalid email or password" on any failure; 429 with Retry-After after repeated failures from one address, or from many addresses the account has not signed in from.';

/*
 * Reset password: consumes a reset token, sets the new password, ends every
 * session, forgets the email's failed sign-ins (per email and per address:
 * the owner just proved they hold the mailbox) and emails a notice.
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
  account_email text;
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
  update app.users set password_hash = private.hash_password(reset_password.password) where id = found.user_id
  returning lower(email::text) into account_email;
  perform private.end_sessions(found.user_id, 'password_reset');
  delete from private.auth_attempts a
  where a.bucket = 'login'
    and (a.subject = 'email:' || account_email
      or left(a.subject, length('email_ip:' || account_email || ' ')) = 'email_ip:' || account_email || ' ');
  perform private.send_password_changed(found.user_id);
  perform app.log_activity('auth.password_changed', found.user_id, 'user', found.user_id::text, '{"via": "reset"}');
  return jsonb_build_object('message', 'Your password was changed. Sign in with the new one.');
end
$$;

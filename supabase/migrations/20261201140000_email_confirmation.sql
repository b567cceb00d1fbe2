-- Confirmed email addresses, and signup that does not say who has an account.
--
-- Signup answered 409 "An account with this email already exists" in 3 ms,
-- and update_me the same, so anyone could ask whether an address has an
-- account; and an address was never proven, so update_me could take a
-- victim's address and block their signup. With the setting
-- `auth.confirm_email` on (the default, like hosted Supabase's "Confirm
-- email" switch):
--
--   signup          answers one 200, {"message": "Check your email to confirm
--                   your address.", "confirmation_sent": true}, with no
--                   session, whether or not the address has an account, after
--                   the same bcrypt work. A new address gets an unconfirmed
--                   account and a confirmation link; an address of a
--                   confirmed account gets a notice to its owner ("someone
--                   tried to sign up with your address"); an address of an
--                   unconfirmed account gets another link. Nobody owns an
--                   unconfirmed address yet, so a second signup is never
--                   blocked by the first: each link carries the password (and
--                   name) of the signup that asked for it, and whoever opens
--                   a link from the mailbox gets the password they chose.
--   confirm_email   takes a link's token: confirms the address (applying the
--                   signup's password, or swapping in the new address of an
--                   email change, if it is still free), ends the other
--                   pending links of that kind, and signs a signup in.
--   resend_confirmation  a new link for an unconfirmed account; the same
--                   answer whatever the address.
--   login           for an unconfirmed account with the right password:
--                   403 "Confirm your email address first; we sent you a
--                   link." Only the password's holder learns it, and it is
--                   not counted as a failure (it is the right password).
--   update_me       never 409 on an email change: it mails a link to the new
--                   address (and a notice to the old one) and answers the
--                   same whether the new address is taken; the email changes
--                   when the link is opened, and only if the address is still
--                   free (else 409, to whoever holds the link).
--   reset_password  proves the mailbox too, so it confirms the address.
--
-- An unconfirmed address cannot be taken from anyone: a later signup or
-- email change by the mailbox's owner claims it through the link (an email
-- change removes the unconfirmed account holding it, which never signed in),
-- and housekeeping removes unconfirmed accounts that never signed in after
-- auth.unconfirmed_account_days (7).
--
-- With `auth.confirm_email` = 'off', signup signs in at once and an address
-- taken is a 409, update_me changes the email at once: the old behaviour,
-- which tells anyone whether an address has an account. Accounts created
-- then count as confirmed (as Supabase's autoconfirm does), and unconfirmed
-- accounts may sign in.
--
-- Links: 256 random bits, only their SHA-256 stored, single use, valid
-- auth.confirmation_ttl (86400 s). Mails to an address (signup, resend,
-- email change) are limited in the `confirm` bucket:
-- auth.max_confirmations_per_email (5) per address and, for resend,
-- auth.max_confirmations_per_ip (20) per client address, in
-- auth.failure_window_seconds (900); past that a 429, the same for every
-- address. Signups stay limited per client address (auth.max_signups_per_ip).
--
-- Mails to an address nobody has proven carry no text from the signup (no
-- name): an attacker's words would otherwise reach a stranger's inbox.

/* When the account's address was proven (a link opened, a reset done); null until then. */
alter table app.users add column if not exists email_confirmed_at timestamptz;
comment on column app.users.email_confirmed_at is
  'When the address was proven (confirmation link or password reset); null for an unconfirmed account. Set at signup when auth.confirm_email is off.';

-- Every account so far signed up without confirmation and has been used as
-- its owner's: treat it as confirmed rather than lock everyone out.
update app.users set email_confirmed_at = now() where email_confirmed_at is null;

insert into private.settings (key, value) values ('auth.confirm_email', 'on') on conflict (key) do nothing;

/* Is email confirmation on? Anything but off/false/0/no (and no setting) means on. */
create or replace function private.email_confirmation_required()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(lower(btrim(private.setting('auth.confirm_email'))), 'on') not in ('off', 'false', '0', 'no')
$$;

/*
 * Pending confirmations: one row per link mailed. A signup's row holds the
 * bcrypt hash (and name) that signup chose, applied when its link is
 * opened; an email change's row holds the new address.
 */
create table private.email_confirmations (
  id bigint generated always as identity primary key,
  user_id uuid not null references app.users (id) on delete cascade,
  kind text not null check (kind in ('signup', 'email_change')),
  email extensions.citext not null,
  password_hash text,
  name text,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz not null default now(),
  constraint email_confirmations_password check ((kind = 'signup') = (password_hash is not null))
);
alter table private.email_confirmations enable row level security;
-- No policy on purpose: only security definer functions touch it.
create index email_confirmations_user on private.email_confirmations (user_id, kind, created_at desc);
comment on table private.email_confirmations is
  'SHA-256 of each email-confirmation token, with what it confirms: a signup (its password hash and name) or an email change (the new address). Single use.';

/*
 * Mails a confirmation link for `email` and records what it confirms. An
 * email change voids the user's earlier pending change (the newest wins);
 * signups keep each other's links (see the top of this file).
 */
create or replace function private.send_confirmation(user_id uuid, kind text, email text, password_hash text default null, name text default null)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  token text := private.base64url(extensions.gen_random_bytes(32));
  ttl integer := greatest(private.setting_int('auth.confirmation_ttl', 86400), 60);
  ttl_words text := case
    when ttl % 3600 = 0 and ttl > 3600 then (ttl / 3600) || ' hours'
    when ttl = 3600 then 'an hour'
    else ceil(ttl / 60.0)::integer || ' minutes' end;
begin
  if send_confirmation.kind = 'email_change' then
    update private.email_confirmations c set voided_at = now()
    where c.user_id = send_confirmation.user_id and c.kind = 'email_change' and c.used_at is null and c.voided_at is null;
  end if;
  insert into private.email_confirmations (user_id, kind, email, password_hash, name, token_hash, expires_at)
  values (send_confirmation.user_id, send_confirmation.kind, send_confirmation.email, send_confirmation.password_hash,
    send_confirmation.name, extensions.digest(token, 'sha256'), now() + make_interval(secs => ttl));
  if send_confirmation.kind = 'signup' then
    perform private.enqueue_email(send_confirmation.email,
      'Confirm your pgdrive email address',
      format(E'Hello,\n\nSomeone (hopefully you) signed up for pgdrive with this email address.\n\nOpen this link within %s to confirm it and sign in:\n\n%s/confirm?token={{secret}}\n\nIf it was not you, ignore this email: nobody can use the address until it is confirmed.\n',
        ttl_words, private.site_url()),
      'email_confirmation', token);
  else
    perform private.enqueue_email(send_confirmation.email,
      'Confirm your new pgdrive email address',
      format(E'Hello,\n\nSomeone (hopefully you) asked to use this email address for their pgdrive account.\n\nOpen this link within %s to confirm it; the change takes effect only then:\n\n%s/confirm?token={{secret}}\n\nIf it was not you, ignore this email: nothing changes.\n',
        ttl_words, private.site_url()),
      'email_change_confirmation', token);
  end if;
end
$$;

/* The account as the API shows it to its owner, with whether its address is confirmed and a pending new one. */
create or replace function private.user_json(user_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'name', u.name,
    'bio', u.bio,
    'avatar_url', u.avatar_url,
    'created_at', u.created_at,
    'app_roles', app.role_names(u.id),
    'email_confirmed_at', u.email_confirmed_at,
    'pending_email', (
      select c.email::text from private.email_confirmations c
      where c.user_id = u.id and c.kind = 'email_change'
        and c.used_at is null and c.voided_at is null and c.expires_at > now()
      order by c.created_at desc
      limit 1
    )
  )
  from app.users u
  where u.id = user_json.user_id
$$;

comment on function api.me() is
  'The signed-in user''s account: id, email, name, bio, avatar_url, created_at, app_roles, email_confirmed_at, pending_email (an email change waiting for its link).';

/*
 * Sign up. With auth.confirm_email on: the same 200 and no session whatever
 * the address (see the top of this file); off: creates the account and
 * signs it in, 409 when the address has an account. 429 past the
 * per-address limit, and (on) past the mails to one address.
 */
create or replace function api.signup(email text default null, password text default null, name text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  clean_email text := private.clean_email(signup.email);
  clean_name text := private.clean_name(signup.name);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
  subject_email text := 'email:' || lower(clean_email);
  confirm boolean := private.email_confirmation_required();
  wait integer;
  account app.users;
  new_hash text;
  new_id uuid;
begin
  perform private.check_password(signup.password, clean_email, false);
  wait := greatest(
    private.retry_after('signup', subject_ip, private.setting_int('auth.max_signups_per_ip', 10)),
    case when confirm then private.retry_after('confirm', subject_email, private.setting_int('auth.max_confirmations_per_email', 5)) else 0 end
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  perform private.record_attempt('signup', subject_ip);

  if not confirm then
    if exists (select from app.users u where u.email operator(extensions.=) clean_email::extensions.citext) then
      perform app.log_activity('auth.signup_refused', null, 'user', null,
        jsonb_build_object('email', lower(clean_email), 'reason', 'email_taken'));
      return private.http_error(409, 'PT409', 'An account with this email already exists',
        'Sign in, or reset your password if you forgot it.');
    end if;
    insert into app.users (email, password_hash, name, email_confirmed_at)
    values (clean_email, private.hash_password(signup.password), clean_name, now())
    returning id into new_id;
    perform app.log_activity('auth.signup', new_id, 'user', new_id::text);
    return private.start_session(new_id);
  end if;

  perform private.record_attempt('confirm', subject_email);
  -- Each way below hashes exactly once, so the answer takes as long whichever it takes.
  new_hash := private.hash_password(signup.password);
  insert into app.users (email, password_hash, name)
  values (clean_email, new_hash, clean_name)
  on conflict on constraint users_email_key do nothing
  returning id into new_id;

  if new_id is not null then
    perform private.send_confirmation(new_id, 'signup', clean_email, new_hash, clean_name);
    perform app.log_activity('auth.signup', new_id, 'user', new_id::text, '{"confirmed": false}');
  else
    select * into account from app.users u where u.email operator(extensions.=) clean_email::extensions.citext for update;
    if account.email_confirmed_at is null then
      -- Nobody owns the address yet: this signup gets its own link.
      if account.disabled_at is null then
        perform private.send_confirmation(account.id, 'signup', account.email::text, new_hash, clean_name);
      end if;
      perform app.log_activity('auth.signup_repeated', null, 'user', account.id::text,
        jsonb_build_object('email', lower(clean_email)));
    else
      if account.disabled_at is null then
        perform private.enqueue_email(account.email::text,
          'Someone tried to sign up with your pgdrive address',
          format(E'Hello,\n\nSomeone just tried to create a pgdrive account with this email address, which already has one. Nothing was changed.\n\nIf it was you, sign in at %s/login, or reset your password at %s/forgot-password.\n\nIf it was not you, you can ignore this email.\n',
            private.site_url(), private.site_url()),
          'signup_existing');
      end if;
      perform app.log_activity('auth.signup_refused', null, 'user', null,
        jsonb_build_object('email', lower(clean_email), 'reason', 'email_taken'));
    end if;
  end if;
  return jsonb_build_object('message', 'Check your email to confirm your address.', 'confirmation_sent', true);
end
$$;
comment on function api.signup(text, text, text) is
  'Signs up (email, password of 8 characters to 72 bytes, not a common or trivial one, optional name). With auth.confirm_email on (the default): {"message", "confirmation_sent": true} and a confirmation link by email, the same answer whether or not the address has an account. Off: signs in at once ([{token, refresh_token, expires_in, token_type, user}]), 409 when the email has an account. 429 with Retry-After past auth.max_signups_per_ip (10) signups per client address in an hour, or auth.max_confirmations_per_email (5) mails to one address in 15 minutes.';

/*
 * Confirms an address with the token from a confirmation link. A signup's
 * link confirms the account with the password and name that signup chose,
 * ends the account's other signup links and any session (none, unless the
 * account was used while confirmation was off) and signs in. An email
 * change's link swaps in the new address when no confirmed account holds
 * it (an unconfirmed one that never signed in is removed: it never owned
 * it), and tells the old address.
 */
create or replace function api.confirm_email(token text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  found private.email_confirmations;
  account app.users;
  holder app.users;
begin
  if confirm_email.token is not null and length(confirm_email.token) <= 200 then
    select * into found from private.email_confirmations c
    where c.token_hash = extensions.digest(confirm_email.token, 'sha256')
    for update;
  end if;
  if found.id is not null then
    select * into account from app.users u where u.id = found.user_id for update;
  end if;
  if found.id is null or found.used_at is not null or found.voided_at is not null or found.expires_at <= now()
     or account.disabled_at is not null
     or (found.kind = 'signup' and (account.email_confirmed_at is not null or account.email operator(extensions.<>) found.email)) then
    raise exception using errcode = 'PT400', message = 'This confirmation link is invalid or has expired',
      hint = 'Ask for a new link.';
  end if;

  update private.email_confirmations set used_at = now() where id = found.id;
  update private.email_confirmations c set voided_at = now()
  where c.user_id = account.id and c.kind = found.kind and c.id <> found.id and c.used_at is null and c.voided_at is null;

  if found.kind = 'signup' then
    update app.users
    set email_confirmed_at = now(), password_hash = found.password_hash, name = found.name
    where id = account.id;
    perform private.end_sessions(account.id, 'password_changed');
    perform app.log_activity('auth.email_confirmed', account.id, 'user', account.id::text, '{"via": "signup"}');
    perform app.log_activity('auth.login', account.id, 'user', account.id::text, '{"via": "confirm_email"}');
    return private.start_session(account.id);
  end if;

  select * into holder from app.users u
  where u.email operator(extensions.=) found.email and u.id <> account.id
  for update;
  if holder.id is not null then
    if holder.email_confirmed_at is not null
       or exists (select from app.sessions s where s.user_id = holder.id)
       or exists (select from app.files f where f.owner_id = holder.id) then
      raise exception using errcode = 'PT409', message = 'An account with this email already exists',
        hint = 'The address was taken after the link was sent. Choose another one.';
    end if;
    delete from app.users where id = holder.id;
    perform app.log_activity('auth.unconfirmed_account_removed', null, 'user', holder.id::text,
      jsonb_build_object('email', lower(holder.email::text), 'claimed_by', account.id));
  end if;
  update app.users set email = found.email, email_confirmed_at = now() where id = account.id;
  perform private.enqueue_email(account.email::text,
    'Your pgdrive email address was changed',
    format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', account.email, found.email),
    'email_changed');
  perform app.log_activity('auth.email_confirmed', account.id, 'user', account.id::text, '{"via": "email_change"}');
  perform app.log_activity('auth.email_changed', account.id, 'user', account.id::text);
  return jsonb_build_object('message', 'Your email address was changed.', 'email', found.email::text);
end
$$;
comment on function api.confirm_email(text) is
  'Confirms an email address with the token from a confirmation link (single use, 24 hours). A signup''s link signs in: [{token, refresh_token, expires_in, token_type, user}]; an email change''s answers {"message", "email"}, or 409 when the address was taken meanwhile. 400 "This confirmation link is invalid or has expired" otherwise.';

/*
 * Mails a new confirmation link to an unconfirmed account; the same answer
 * for every address. The link carries the latest signup's password.
 * Limited per address and per client address like forgot_password.
 */
create or replace function api.resend_confirmation(email text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  clean text := private.clean_email(resend_confirmation.email);
  subject_email text := 'email:' || lower(clean);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  account app.users;
  latest private.email_confirmations;
begin
  wait := greatest(
    private.retry_after('confirm', subject_email, private.setting_int('auth.max_confirmations_per_email', 5)),
    private.retry_after('confirm', subject_ip, private.setting_int('auth.max_confirmations_per_ip', 20))
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  perform private.record_attempt('confirm', subject_email);
  perform private.record_attempt('confirm', subject_ip);

  select * into account from app.users u where u.email operator(extensions.=) clean::extensions.citext for update;
  if account.id is not null and account.disabled_at is null and account.email_confirmed_at is null then
    select * into latest from private.email_confirmations c
    where c.user_id = account.id and c.kind = 'signup' and c.used_at is null
    order by c.created_at desc
    limit 1;
    perform private.send_confirmation(account.id, 'signup', account.email::text,
      coalesce(latest.password_hash, account.password_hash),
      case when latest.id is null then account.name else latest.name end);
  end if;
  perform app.log_activity('auth.confirmation_requested', null, 'user', account.id::text,
    jsonb_build_object('email', lower(clean), 'sent', account.id is not null and account.disabled_at is null and account.email_confirmed_at is null));
  return jsonb_build_object('message', 'If this address has an account waiting for confirmation, a new link is on its way.');
end
$$;
comment on function api.resend_confirmation(text) is
  'Mails a new confirmation link to an account whose address is not confirmed yet. Answers the same for every address; 429 with Retry-After past auth.max_confirmations_per_email (5) per address or auth.max_confirmations_per_ip (20) per client address in 15 minutes.';

grant execute on function api.confirm_email(text) to anon, authenticated;
grant execute on function api.resend_confirmation(text) to anon, authenticated;

/*
 * Log in. Unknown email, wrong password and disabled account get the same
 * 400 in the same time (a dummy bcrypt runs when there is no account).
 * Failures are counted per (email, address), per email and per address and
 * answered without raising, so the counts commit; past a limit the answer
 * is a 429 with Retry-After. The right password of an unconfirmed account
 * (with auth.confirm_email on) is a 403 that counts nothing.
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

  -- The right password, but the address is not proven: say so (only the
  -- password's holder learns it) and count nothing.
  if account.email_confirmed_at is null and private.email_confirmation_required() then
    perform app.log_activity('auth.login_unconfirmed', account.id, 'user', account.id::text);
    return private.http_error(403, 'PT403', 'Confirm your email address first; we sent you a link.',
      'Open the link in the email we sent, or ask for a new one.');
  end if;

  -- Upgrade the hash when the configured cost changed since it was made.
  if substr(account.password_hash, 5, 2) <> lpad(cost::text, 2, '0') then
    update app.users set password_hash = private.hash_password(login.password) where id = account.id;
  end if;
  perform app.log_activity('auth.login', account.id, 'user', account.id::text);
  return private.start_session(account.id);
end
$$;
comment on function api.login(text, text) is
  'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}]. 400 "Invalid email or password" on any failure; 403 "Confirm your email address first" for the right password of an unconfirmed address; 429 with Retry-After after repeated failures from one address, or from many addresses the account has not signed in from.';

/*
 * Updates the caller's name, bio and email. A null argument leaves the field
 * as it is; an empty string clears name or bio. Changing the email needs the
 * current password (limited). With auth.confirm_email on, a new address is
 * only mailed a link (and the old one a notice), with the same answer
 * whether or not it is taken; confirm_email makes the change. Off, the email
 * changes at once (409 when taken) and the old address is told.
 */
create or replace function api.update_me(
  name text default null,
  bio text default null,
  email text default null,
  current_password text default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  old_email text;
  new_email text;
  new_name text := private.clean_name(update_me.name);
  new_bio text := private.clean_bio(update_me.bio);
  refused jsonb;
  wait integer;
  pending boolean := false;
begin
  select u.email::text into old_email from app.users u where u.id = me;

  if update_me.email is not null then
    new_email := private.clean_email(update_me.email);
    if new_email <> old_email then
      refused := private.check_current_password(me, update_me.current_password, 'update_me');
      if refused is not null then
        return refused;
      end if;
      if private.email_confirmation_required() and lower(new_email) <> lower(old_email) then
        wait := private.retry_after('confirm', 'email:' || lower(new_email), private.setting_int('auth.max_confirmations_per_email', 5));
        if wait > 0 then
          return private.too_many_attempts(wait);
        end if;
        perform private.record_attempt('confirm', 'email:' || lower(new_email));
        pending := true;
      elsif exists (select from app.users u where u.email operator(extensions.=) new_email::extensions.citext and u.id <> me) then
        raise exception using errcode = 'PT409', message = 'An account with this email already exists';
      end if;
    end if;
  end if;

  update app.users u set
    name = case when update_me.name is null then u.name else new_name end,
    bio = case when update_me.bio is null then u.bio else new_bio end,
    email = case when pending then u.email::text else coalesce(new_email, u.email::text) end
  where u.id = me;

  if pending then
    perform private.send_confirmation(me, 'email_change', new_email);
    perform private.enqueue_email(old_email,
      'Your pgdrive email address is about to change',
      format(E'Hello,\n\nSomeone signed in to your pgdrive account asked to change its email address from %s to %s. It changes only when the link sent to the new address is opened.\n\nIf this was not you, change your password at %s/settings now and sign out everywhere.\n',
        old_email, new_email, private.site_url()),
      'email_change_requested');
    perform app.log_activity('auth.email_change_requested', me, 'user', me::text, jsonb_build_object('email', lower(new_email)));
  elsif new_email is not null and new_email <> old_email then
    perform private.enqueue_email(old_email,
      'Your pgdrive email address was changed',
      format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', old_email, new_email),
      'email_changed');
    perform app.log_activity('auth.email_changed', me, 'user', me::text);
  end if;
  perform app.log_activity('profile.updated', me, 'user', me::text);
  if pending then
    return private.user_json(me) || jsonb_build_object('message', 'Check your new address to confirm the change.');
  end if;
  return private.user_json(me);
end
$$;
comment on function api.update_me(text, text, text, text) is
  'Updates the signed-in user''s name and bio (null keeps, empty clears) and email (needs current_password: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes). With auth.confirm_email on, a new email is mailed a link and changes when it is opened (the answer''s pending_email and message say so, whether or not the address is taken); off, it changes at once, 409 when taken.';

/*
 * Reset password: consumes a reset token, sets the new password (checked
 * for the account it belongs to), confirms the address (the link proved
 * the mailbox; the account's other signup links end), ends every session,
 * forgets the email's failed sign-ins and emails a notice.
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
  if reset_password.password is null then
    raise exception using errcode = 'PT400', message = 'A password is required';
  end if;
  select * into found from private.password_reset_tokens t
  where t.token_hash = extensions.digest(reset_password.token, 'sha256')
  for update;
  if found.id is null or found.used_at is not null or found.voided_at is not null or found.expires_at <= now() then
    raise exception using errcode = 'PT400', message = 'This reset link is invalid or has expired',
      hint = 'Ask for a new link.';
  end if;
  select lower(u.email::text) into account_email from app.users u where u.id = found.user_id;
  perform private.check_password(reset_password.password, account_email, private.holds_admin_role(found.user_id));
  update private.password_reset_tokens set used_at = now() where id = found.id;
  update app.users
  set password_hash = private.hash_password(reset_password.password), email_confirmed_at = coalesce(email_confirmed_at, now())
  where id = found.user_id;
  update private.email_confirmations c set voided_at = now()
  where c.user_id = found.user_id and c.kind = 'signup' and c.used_at is null and c.voided_at is null;
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
comment on function api.reset_password(text, text) is
  'Sets a new password (8 characters, 10 for an administrator, not a common or trivial one) with the token from a reset email; the token is single use, every session ends, and an unconfirmed address counts as confirmed.';

/*
 * Ensures the configured superadmin exists (created with this password when
 * missing, checked as an administrator's), is enabled, has a confirmed
 * address (the operator named it) and holds superadmin. The stack calls it
 * at every start when SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD are set; an
 * existing account keeps its own password.
 */
create or replace function private.ensure_superadmin(email text, password text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  clean text := private.clean_email(ensure_superadmin.email);
  account uuid;
begin
  select u.id into account from app.users u where u.email operator(extensions.=) clean::extensions.citext;
  if account is null then
    perform private.check_password(ensure_superadmin.password, clean, true);
    insert into app.users (email, password_hash, name, email_confirmed_at)
    values (clean, private.hash_password(ensure_superadmin.password), 'Superadmin', now())
    returning id into account;
    perform app.log_activity('auth.signup', account, 'user', account::text, '{"via": "ensure_superadmin"}');
  end if;
  update app.users set disabled_at = null where id = account and disabled_at is not null;
  update app.users set email_confirmed_at = now() where id = account and email_confirmed_at is null;
  insert into app.user_roles (user_id, role_id)
  select account, r.id from app.roles r where r.name = 'superadmin'
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', null, 'user', account::text, '{"role": "superadmin", "via": "ensure_superadmin"}');
  end if;
  return account;
end
$$;

/*
 * Deletes refresh tokens a day past expiry or revocation, reset and
 * confirmation tokens a day past expiry, attempts older than their bucket's
 * window, and sent emails after a week (failed ones are kept a month for
 * diagnosis). Sessions ended over 90 days ago go too, and unconfirmed
 * accounts older than auth.unconfirmed_account_days (7) that never signed
 * in, own nothing and have no live link. The activity log is kept. Returns
 * rows deleted.
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

  return total;
end
$$;
comment on function private.purge_auth_data() is
  'Deletes expired tokens, attempts past their bucket''s window, old sent emails, long-ended sessions and unconfirmed accounts past auth.unconfirmed_account_days that never signed in.';

/* An account as the admin RPCs show it, with when its address was confirmed. */
create or replace function private.admin_user_json(user_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'name', u.name,
    'avatar_url', u.avatar_url,
    'created_at', u.created_at,
    'disabled_at', u.disabled_at,
    'email_confirmed_at', u.email_confirmed_at,
    'app_roles', app.role_names(u.id),
    'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = u.id)
  )
  from app.users u
  where u.id = admin_user_json.user_id
$$;

-- The password policy, after NIST SP 800-63B (5.1.1.2, memorized secrets).
--
-- A password is at least 8 characters (characters, not bytes) and at most
-- 72 bytes (bcrypt ignores the rest; refused rather than silently cut); an
-- administrator's at least 10. No composition rules (no "one digit, one
-- symbol"): they make passwords harder to remember, not to guess. Refused,
-- each with a message saying why:
--   * one character repeated, or a straight sequence ('        ', 'aaaaaaaa',
--     'abcdefgh', '98765432'), or only spaces;
--   * a password on private.common_passwords (17,950 of the most often
--     leaked passwords), compared lowercased and trimmed, so 'Password' and
--     ' 12345678 ' are refused too;
--   * one that contains the user's email address before the @ (when that is
--     4 characters or more, and without a +tag) or the service's name.
-- Checked whenever a password is set: signup, reset, change, and the
-- configured superadmin. "Administrator" means holding a role that reaches
-- other people's accounts, roles, logs or data (private.holds_admin_role).
-- A role granted later cannot check a password it never sees: the longer
-- minimum applies from the next password that admin sets.

/*
 * True when the user holds superadmin, or a role with a permission over
 * other people: users.*, roles.*, logs.* or *.read_all* (today admin and
 * superadmin). A feature adding such a permission should match one of these.
 */
create or replace function private.holds_admin_role(user_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select from app.user_roles ur
    join app.roles r on r.id = ur.role_id
    where ur.user_id = holds_admin_role.user_id
      and (
        r.name = 'superadmin'
        or exists (
          select from app.role_permissions rp
          join app.permissions p on p.id = rp.permission_id
          where rp.role_id = r.id
            and (p.name like 'users.%' or p.name like 'roles.%' or p.name like 'logs.%' or p.name like '%.read\_all%')
        )
      )
  )
$$;

/* True when the password is one character repeated or a run of consecutive characters going up or down. */
create or replace function private.is_trivial_password(password text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  step integer;
begin
  if password !~ '[^[:space:]]' or password ~ '^(.)\1*$' then
    return true;
  end if;
  step := ascii(substr(password, 2, 1)) - ascii(substr(password, 1, 1));
  if abs(step) <> 1 then
    return false;
  end if;
  for i in 3 .. char_length(password) loop
    if ascii(substr(password, i, 1)) - ascii(substr(password, i - 1, 1)) <> step then
      return false;
    end if;
  end loop;
  return true;
end
$$;

-- The policy needs to know whose password it is: callers pass the email and
-- whether the account is an administrator. The one-argument check goes.
drop function if exists private.check_password(text);

/* Refuses an unusable password for the account `email` with a message saying what to fix (PT400). */
create or replace function private.check_password(password text, email text, for_admin boolean)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  min_chars integer := case when for_admin then 10 else 8 end;
  lowered text := lower(btrim(password));
  local_part text := split_part(split_part(lower(btrim(coalesce(email, ''))), '@', 1), '+', 1);
begin
  if password is null then
    raise exception using errcode = 'PT400', message = 'A password is required';
  elsif octet_length(password) > 72 then
    raise exception using errcode = 'PT400', message = 'Password is too long: at most 72 bytes',
      hint = 'bcrypt ignores everything after 72 bytes, so longer passwords are refused rather than silently cut.';
  elsif char_length(password) < min_chars then
    raise exception using errcode = 'PT400',
      message = format('Password is too short: at least %s characters%s', min_chars, case when for_admin then ' for an administrator' else '' end);
  elsif private.is_trivial_password(password) then
    raise exception using errcode = 'PT400', message = 'Password is too easy to guess: it repeats one character or follows a sequence';
  elsif exists (select from private.common_passwords c where c.password = lowered) then
    raise exception using errcode = 'PT400', message = 'Password is too common: it is on lists of leaked passwords',
      hint = 'Choose a longer phrase that you use nowhere else.';
  elsif char_length(local_part) >= 4 and position(local_part in lower(password)) > 0 then
    raise exception using errcode = 'PT400', message = 'Password must not contain your email address';
  elsif position('pgdrive' in lower(password)) > 0 then
    raise exception using errcode = 'PT400', message = 'Password must not contain the name of this service';
  end if;
end
$$;

/*
 * Sign up: creates the account (role editor) and signs it in. 409 when the
 * email has an account; 429 past the per-address limit.
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
  wait integer;
  new_id uuid;
begin
  perform private.check_password(signup.password, clean_email, false);
  wait := private.retry_after('signup', subject_ip, private.setting_int('auth.max_signups_per_ip', 10));
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  perform private.record_attempt('signup', subject_ip);
  if exists (select from app.users u where u.email operator(extensions.=) clean_email::extensions.citext) then
    perform app.log_activity('auth.signup_refused', null, 'user', null,
      jsonb_build_object('email', lower(clean_email), 'reason', 'email_taken'));
    return private.http_error(409, 'PT409', 'An account with this email already exists',
      'Sign in, or reset your password if you forgot it.');
  end if;
  insert into app.users (email, password_hash, name)
  values (clean_email, private.hash_password(signup.password), clean_name)
  returning id into new_id;
  perform app.log_activity('auth.signup', new_id, 'user', new_id::text);
  return private.start_session(new_id);
end
$$;
comment on function api.signup(text, text, text) is
  'Creates an account (email, password of 8 characters to 72 bytes, not a common or trivial one, optional name) and signs it in: [{token, refresh_token, expires_in, token_type, user}]. 409 when the email has an account; 429 with Retry-After past auth.max_signups_per_ip (10) signups per client address in an hour.';

/*
 * Reset password: consumes a reset token, sets the new password (checked
 * for the account it belongs to), ends every session, forgets the email's
 * failed sign-ins (per email and per address: the owner just proved they
 * hold the mailbox) and emails a notice.
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
  update app.users set password_hash = private.hash_password(reset_password.password) where id = found.user_id;
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
  'Sets a new password (8 characters, 10 for an administrator, not a common or trivial one) with the token from a reset email; the token is single use and every session ends.';

/* Changes the caller's password and signs out every other session. */
create or replace function api.change_password(current_password text default null, new_password text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  this_session uuid;
  refused jsonb;
begin
  perform private.check_password(change_password.new_password,
    (select u.email::text from app.users u where u.id = me), private.holds_admin_role(me));
  refused := private.check_current_password(me, change_password.current_password, 'change_password');
  if refused is not null then
    return refused;
  end if;
  begin
    this_session := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
  exception
    when invalid_text_representation then
      this_session := null;
  end;
  update app.users set password_hash = private.hash_password(change_password.new_password) where id = me;
  perform private.end_sessions(me, 'password_changed', except_session => this_session);
  perform private.send_password_changed(me);
  perform app.log_activity('auth.password_changed', me, 'user', me::text, '{"via": "change_password"}');
  return jsonb_build_object('message', 'Your password was changed. Other devices were signed out.');
end
$$;
comment on function api.change_password(text, text) is
  'Changes the signed-in user''s password (needs the current one: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes; the new one 8 characters, 10 for an administrator, not a common or trivial one) and ends every other session.';

/*
 * Ensures the configured superadmin exists (created with this password when
 * missing, checked as an administrator's), is enabled and holds superadmin.
 * The stack calls it at every start when SUPERADMIN_EMAIL and
 * SUPERADMIN_PASSWORD are set; an existing account keeps its own password.
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
    insert into app.users (email, password_hash, name)
    values (clean, private.hash_password(ensure_superadmin.password), 'Superadmin')
    returning id into account;
    perform app.log_activity('auth.signup', account, 'user', account::text, '{"via": "ensure_superadmin"}');
  end if;
  update app.users set disabled_at = null where id = account and disabled_at is not null;
  insert into app.user_roles (user_id, role_id)
  select account, r.id from app.roles r where r.name = 'superadmin'
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', null, 'user', account::text, '{"role": "superadmin", "via": "ensure_superadmin"}');
  end if;
  return account;
end
$$;

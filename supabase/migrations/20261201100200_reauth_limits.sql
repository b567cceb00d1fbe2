-- Current-password checks, limited like login.
--
-- change_password and update_me (to change the email) ask for the current
-- password: it is what stands between a stolen 15-minute access token and
-- the account for good. The check raised on a wrong password, so nothing
-- was counted and 30 guesses in 1.4 s went through. Now wrong passwords are
-- counted per user in the `reauth` bucket (the session does not matter: a
-- thief may hold several), logged as `auth.reauth_failed`, and answered
-- without raising so both commit; past auth.max_password_checks_per_user
-- (5) failures in auth.failure_window_seconds (900) the answer is 429 with
-- Retry-After, with the login's doubling back-off. The right password
-- forgets the user's failures.

/*
 * Checks the caller's current password before a sensitive change. Returns
 * null when it is right; otherwise the error to answer with (400 wrong,
 * 429 too many), already counted and logged: the caller returns it as is,
 * without raising. `action` names the change in the activity log.
 */
create or replace function private.check_current_password(user_id uuid, password text, action text)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  reauth_subject text := 'user:' || check_current_password.user_id;
  wait integer := private.retry_after('reauth', reauth_subject, private.setting_int('auth.max_password_checks_per_user', 5));
begin
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  if check_current_password.password is null or octet_length(check_current_password.password) > 1000 or not exists (
    select from app.users u
    where u.id = check_current_password.user_id
      and extensions.crypt(check_current_password.password, u.password_hash) = u.password_hash
  ) then
    perform private.record_attempt('reauth', reauth_subject);
    perform app.log_activity('auth.reauth_failed', check_current_password.user_id, 'user', check_current_password.user_id::text,
      jsonb_build_object('via', check_current_password.action));
    return private.http_error(400, 'PT400', 'Current password is incorrect');
  end if;
  delete from private.auth_attempts a where a.bucket = 'reauth' and a.subject = reauth_subject;
  return null;
end
$$;

-- Its raising predecessor counted nothing; nothing may call it again.
drop function if exists private.verify_password(uuid, text);

/*
 * Updates the caller's name, bio and email. A null argument leaves the field
 * as it is; an empty string clears name or bio. Changing the email needs the
 * current password (limited, see above), and the old address is told.
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
begin
  select u.email::text into old_email from app.users u where u.id = me;

  if update_me.email is not null then
    new_email := private.clean_email(update_me.email);
    if new_email <> old_email then
      refused := private.check_current_password(me, update_me.current_password, 'update_me');
      if refused is not null then
        return refused;
      end if;
      if exists (select from app.users u where u.email operator(extensions.=) new_email::extensions.citext and u.id <> me) then
        raise exception using errcode = 'PT409', message = 'An account with this email already exists';
      end if;
    end if;
  end if;

  update app.users u set
    name = case when update_me.name is null then u.name else new_name end,
    bio = case when update_me.bio is null then u.bio else new_bio end,
    email = coalesce(new_email, u.email::text)
  where u.id = me;

  if new_email is not null and new_email <> old_email then
    perform private.enqueue_email(old_email,
      'Your pgdrive email address was changed',
      format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', old_email, new_email),
      'email_changed');
    perform app.log_activity('auth.email_changed', me, 'user', me::text);
  end if;
  perform app.log_activity('profile.updated', me, 'user', me::text);
  return private.user_json(me);
end
$$;
comment on function api.update_me(text, text, text, text) is
  'Updates the signed-in user''s name and bio (null keeps, empty clears) and email (needs current_password: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes).';

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
  perform private.check_password(change_password.new_password);
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
  'Changes the signed-in user''s password (needs the current one: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes) and ends every other session.';

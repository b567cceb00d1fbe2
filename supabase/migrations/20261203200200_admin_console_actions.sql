-- The admin console's actions on an account: end its sessions (one or all),
-- send it a password-reset email; and the self rule for roles.
--
--   * rpc/admin_end_sessions ends one live session or all of them at once
--     (their refresh tokens too, and the pre-request check refuses their
--     access tokens from the next request on).
--   * rpc/admin_send_password_reset queues the same single-use reset email
--     forgot_password sends (private.send_password_reset, shared by both).
--   * admin_revoke_role is restated whole with one rule more: nobody takes
--     a role away from themselves (an admin demoting themselves by mistake
--     locks themselves out; another admin can do it). admin_disable_user
--     already refuses self and the last enabled superadmin.
-- Only a superadmin acts on a superadmin's sessions, as for disabling. Each
-- action is logged.

/* Voids an account's open reset links and emails it a fresh one (15 minutes, single use). */
create or replace function private.send_password_reset(account app.users)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  token text := private.base64url(extensions.gen_random_bytes(32));
begin
  update private.password_reset_tokens t set voided_at = now()
  where t.user_id = account.id and t.used_at is null and t.voided_at is null;
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
end
$$;

/* Restated from 20261201000700/100000 whole: the email itself now comes from private.send_password_reset. */
create or replace function api.forgot_password(email text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  clean text := private.clean_email(forgot_password.email);
  subject_email text := 'email:' || lower(clean);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  account app.users;
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
    perform private.send_password_reset(account);
  end if;
  perform app.log_activity('auth.reset_requested', account.id, 'user', account.id::text,
    jsonb_build_object('email', lower(clean), 'account', account.id is not null));
  return jsonb_build_object('message', 'If an account exists for this email, a link to reset its password is on its way.');
end
$$;

/* Raises 42501 unless the caller may act on this account: a superadmin's only a superadmin. */
create or replace function private.check_can_manage(target uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if exists (select from app.user_roles ur join app.roles r on r.id = ur.role_id
             where ur.user_id = target and r.name = 'superadmin')
     and not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can do this to a superadmin';
  end if;
end
$$;

/* Ends one of an account's live sessions, or all of them: {ended}. */
create or replace function api.admin_end_sessions(user_id uuid default null, session_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid;
  target uuid;
  ended integer;
begin
  perform app.require_live_session();
  me := private.require_permission('users.manage');
  target := private.existing_user(admin_end_sessions.user_id);
  perform private.check_can_manage(target);
  if session_id is not null and not exists (
    select from app.sessions s where s.id = admin_end_sessions.session_id and s.user_id = target and s.ended_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'No such live session for this user';
  end if;
  ended := private.end_sessions(target, case when session_id is null then 'logout_all' else 'logout' end, session_id);
  perform app.log_activity('admin.sessions_ended', me, 'user', target::text,
    jsonb_build_object('ended', ended, 'session_id', session_id));
  return jsonb_build_object('ended', ended);
end
$$;
comment on function api.admin_end_sessions(uuid, uuid) is
  'Needs users.manage (a superadmin''s: superadmins only). Ends one live session of the user (session_id) or all of them at once: {ended}.';

/* Emails an account a password-reset link: {sent: true}. */
create or replace function api.admin_send_password_reset(user_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid;
  account app.users;
begin
  perform app.require_live_session();
  me := private.require_permission('users.manage');
  select * into account from app.users u where u.id = private.existing_user(admin_send_password_reset.user_id);
  perform private.check_can_manage(account.id);
  if account.disabled_at is not null then
    raise exception using errcode = 'PT409', message = 'This account is disabled: enable it first';
  end if;
  perform private.send_password_reset(account);
  perform app.log_activity('admin.password_reset_sent', me, 'user', account.id::text);
  return jsonb_build_object('sent', true);
end
$$;
comment on function api.admin_send_password_reset(uuid) is
  'Needs users.manage. Emails the user a single-use password-reset link (15 minutes), as forgot_password does: {sent: true}.';

/* Restated from 20261201000900_admin.sql whole, with the self rule. */
create or replace function api.admin_revoke_role(user_id uuid default null, role text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_revoke_role.user_id);
  revoked app.roles := private.existing_role(admin_revoke_role.role);
begin
  perform private.check_can_assign(revoked);
  if revoked.name = 'superadmin'
     and exists (select from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id)
     and exists (select from app.users u where u.id = target and u.disabled_at is null)
     and private.enabled_superadmins() <= 1 then
    raise exception using errcode = 'PT409', message = 'The last superadmin cannot be demoted';
  end if;
  if target = me then
    raise exception using errcode = 'PT400', message = 'You cannot revoke your own roles: ask another administrator';
  end if;
  delete from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id;
  if found then
    perform app.log_activity('admin.role_revoked', me, 'user', target::text, jsonb_build_object('role', revoked.name));
  end if;
  return private.admin_user_json(target);
end
$$;
comment on function api.admin_revoke_role(uuid, text) is
  'Needs users.manage and every permission of the role; nobody revokes their own roles, and the last superadmin cannot be demoted.';

grant execute on function
  api.admin_end_sessions(uuid, uuid),
  api.admin_send_password_reset(uuid)
to authenticated;

-- Unconfirmed accounts sign in and use their own drive; what they cannot do
-- is receive shares by email or invite people (issue 16's wording).
--
-- Until now an unconfirmed account's right password was a 403 ("Confirm
-- your email address first"), stricter than the issue asks and than what a
-- person expects after signing up: the drive is theirs at once. What an
-- unproven address must not get is what rides on the address itself:
--
--   share_with      to an account whose address is unconfirmed: 409, nothing
--                   created (a share "by email" would reach whoever typed the
--                   address at signup, not the mailbox's owner); an
--                   invitation (an address with no account) from an
--                   unconfirmed sharer: 403, nothing created or mailed.
--   accept_invitation  by an unconfirmed account: 403; the invitation stays
--                   usable, so it works once the address is confirmed.
--   login           the right password signs in, confirmed or not.
--
-- All of that under the setting auth.require_email_confirmation ('on' by
-- default; 'off', 'false', '0' or 'no' lifts the restriction). It is not
-- auth.confirm_email: that one says whether signup proves the address by a
-- link at all; with it off every new account counts as confirmed anyway.
--
-- Signing in before confirming opens one hole the 403 closed: the first
-- signup for someone else's address could fill that account (folders,
-- files, shares to a friend) and hand it to the mailbox's owner when a
-- later signup's link confirms it. confirm_email therefore keeps the
-- account only for the link of the signup whose password it holds; another
-- signup's link, on an account that was used, replaces it with a new empty
-- one (the old one's files go to the storage collector as any deletion).

insert into private.settings (key, value) values ('auth.require_email_confirmation', 'on') on conflict (key) do nothing;

/* Is the unconfirmed-address restriction on? Anything but off/false/0/no (and no setting) means on. */
create or replace function private.email_confirmation_enforced()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(lower(btrim(private.setting('auth.require_email_confirmation'))), 'on') not in ('off', 'false', '0', 'no')
$$;
comment on function private.email_confirmation_enforced() is
  'Whether auth.require_email_confirmation is on (the default): unconfirmed accounts then cannot receive shares by email, send invitations or accept them.';

/*
 * Log in. Unknown email, wrong password and disabled account get the same
 * 400 in the same time (a dummy bcrypt runs when there is no account).
 * Failures are counted per (email, address), per email and per address and
 * answered without raising, so the counts commit; past a limit the answer
 * is a 429 with Retry-After. An unconfirmed account signs in like any other.
 */
CREATE OR REPLACE FUNCTION api.login(email text DEFAULT NULL::text, password text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  -- Not for an unconfirmed account: confirm_email compares its hash with the
  -- signup link's to tell the signup that signed in from another one.
  if account.email_confirmed_at is not null and substr(account.password_hash, 5, 2) <> lpad(cost::text, 2, '0') then
    update app.users set password_hash = private.hash_password(login.password) where id = account.id;
  end if;
  perform app.log_activity('auth.login', account.id, 'user', account.id::text,
    case when account.email_confirmed_at is null then '{"confirmed": false}'::jsonb end);
  return private.start_session(account.id);
end
$function$;
comment on function api.login(text, text) is
  'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}] (user.email_confirmed_at is null until the address is confirmed). 400 "Invalid email or password" on any failure; 429 with Retry-After after repeated failures from one address, or from many addresses the account has not signed in from.';

/*
 * Confirms an address with the token from a confirmation link. A signup's
 * link whose password the account holds confirms it and signs in (its
 * sessions stay). Another signup's link confirms with that signup's password
 * and name, ending any session; when that account was used (signed in to,
 * or holds folders or files) it is replaced by a new empty one instead (see
 * the top of this file). An email change's link swaps in the new address
 * when no confirmed account holds it and tells the old address.
 */
CREATE OR REPLACE FUNCTION api.confirm_email(token text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    if found.password_hash = account.password_hash then
      -- The signup whose password the account holds: whoever has used the
      -- account with it now proves the mailbox. Its sessions stay.
      update app.users set email_confirmed_at = now() where id = account.id;
    elsif exists (select from app.sessions s where s.user_id = account.id)
       or exists (select from app.folders d where d.owner_id = account.id)
       or exists (select from app.files f where f.owner_id = account.id) then
      -- Another signup's password has been using the account without
      -- proving the address: what it made (files, folders, shares to its
      -- friends) must not pass to the mailbox's owner, who gets a new,
      -- empty account. Payments are kept for the operator, so such an
      -- account is refused to the link rather than deleted.
      if exists (select from app.transactions t where t.user_id = account.id) then
        raise exception using errcode = 'PT409', message = 'This address''s account was used by someone else before it was confirmed.',
          hint = 'Ask the administrator to remove that account, then sign up again.';
      end if;
      delete from app.users where id = account.id;
      perform app.log_activity('auth.unconfirmed_account_replaced', null, 'user', account.id::text,
        jsonb_build_object('email', lower(account.email::text)));
      insert into app.users (email, password_hash, name, email_confirmed_at)
      values (found.email, found.password_hash, found.name, now())
      returning * into account;
      perform app.log_activity('auth.signup', account.id, 'user', account.id::text, '{"via": "confirm_email", "replaced": true}');
    else
      update app.users
      set email_confirmed_at = now(), password_hash = found.password_hash, name = found.name
      where id = account.id;
      perform private.end_sessions(account.id, 'password_changed');
    end if;
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
$function$;
comment on function api.confirm_email(text) is
  'Confirms an email address with the token from a confirmation link (single use, 24 hours). A signup''s link signs in: [{token, refresh_token, expires_in, token_type, user}] (an account used before confirmation with another signup''s password is replaced by a new empty one); an email change''s answers {"message", "email"}, or 409 when the address was taken meanwhile. 400 "This confirmation link is invalid or has expired" otherwise.';

/*
 * Shares one of the caller's files or folders with a person by email. With
 * auth.require_email_confirmation on, an account whose address is not
 * confirmed cannot receive it (409) and an unconfirmed sharer cannot invite
 * an address without an account (403); nothing is created either way.
 */
CREATE OR REPLACE FUNCTION api.share_with(email text, file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, role text DEFAULT 'viewer'::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  item_name text := private.owned_item_name(uid, file_id, folder_id);
  wanted_role text := coalesce(role, 'viewer');
  expiry timestamptz := private.share_expiry(expires_at);
  address text := private.clean_email(email);
  recipient app.users;
  me app.users;
  share app.shares;
  token text;
  invitation app.share_invitations;
begin
  perform app.require_live_session();
  if wanted_role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  select * into me from app.users u where u.id = uid;
  select * into recipient from app.users u where u.email operator(extensions.=) address::extensions.citext;
  if recipient.id = uid then
    raise exception using errcode = 'PT400', message = 'You already own this.';
  end if;
  -- An address nobody has proven is not yet its account's: a share by
  -- email to it (or an invitation from it) could reach a stranger.
  if recipient.id is not null and recipient.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT409',
      message = 'This person has not confirmed their email address yet, so nothing can be shared with them.',
      hint = 'Ask them to open the confirmation link we emailed them, then share again.';
  end if;
  if recipient.id is null and me.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT403', message = 'Confirm your email address before inviting people.',
      hint = 'Open the link we emailed you, or ask for a new one.';
  end if;
  if recipient.id is not null then
    select * into share from app.shares s
    where s.recipient_id = recipient.id and s.file_id is not distinct from file_id and s.folder_id is not distinct from folder_id
    for update;
    if share.id is null then
      insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at)
      values (uid, recipient.id, file_id, folder_id, wanted_role, expiry)
      returning * into share;
    else
      update app.shares s set role = wanted_role, expires_at = expiry where s.id = share.id returning * into share;
    end if;
    perform app.log_activity('share.grant', null, 'share', share.id::text, jsonb_build_object(
      'recipient_id', recipient.id, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role));
    perform app.notify(recipient.id, 'shared_with_you', jsonb_build_object(
      'by', coalesce(me.name, me.email::text), 'name', item_name, 'role', wanted_role),
      case when file_id is not null then 'file' else 'folder' end, coalesce(file_id, folder_id));
    return jsonb_build_object('share', to_jsonb(share));
  end if;

  token := private.new_link_token();
  insert into app.share_invitations (owner_id, email, file_id, folder_id, role, share_expires_at, token_hash)
  values (uid, address, file_id, folder_id, wanted_role, expiry, extensions.digest(token, 'sha256'))
  returning * into invitation;
  perform private.enqueue_email(address,
    format('%s shared %s with you', coalesce(me.name, me.email::text), item_name),
    format(E'Hello,\n\n%s shared %s with you on pgdrive as %s.\n\nOpen it (the link works once, for 7 days; sign up or sign in first):\n%s/invitations/{{secret}}\n',
      coalesce(me.name, me.email::text), item_name, wanted_role, private.site_url()),
    'share_invitation', token);
  perform app.log_activity('share.invite', null, 'share_invitation', invitation.id::text, jsonb_build_object(
    'email', address, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role));
  return jsonb_build_object('invitation', jsonb_build_object('id', invitation.id, 'email', invitation.email,
    'role', invitation.role, 'expires_at', invitation.expires_at));
end
$function$;

comment on function api.share_with(text, uuid, uuid, text, timestamptz) is
  'Shares one of your files or folders with a person by email as viewer or editor (optional expires_at); an address without an account gets an emailed invitation. Answers {share} or {invitation}. With auth.require_email_confirmation on: 409 when that person has not confirmed their address, 403 when you have not confirmed yours and would send an invitation.';

/* Turns an invitation into a share for the caller; an unconfirmed caller must confirm first (the invitation stays usable). */
CREATE OR REPLACE FUNCTION api.accept_invitation(token text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  invitation app.share_invitations;
  share app.shares;
begin
  perform app.require_live_session();
  if private.email_confirmation_enforced()
     and exists (select from app.users u where u.id = uid and u.email_confirmed_at is null) then
    raise exception using errcode = 'PT403', message = 'Confirm your email address before accepting invitations.',
      hint = 'Open the link we emailed you, then open the invitation again.';
  end if;
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  select * into invitation from app.share_invitations i where i.token_hash = extensions.digest(token, 'sha256') for update;
  if invitation.id is null or invitation.accepted_at is not null or invitation.revoked_at is not null then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  if invitation.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'This invitation has expired: ask for a new one.';
  end if;
  if invitation.owner_id = uid then
    raise exception using errcode = 'PT400', message = 'You cannot accept your own invitation.';
  end if;
  if not exists (select from app.files f where f.id = invitation.file_id and f.trashed_at is null)
     and not exists (select from app.folders d where d.id = invitation.folder_id and d.trashed_at is null) then
    raise exception using errcode = 'PT404', message = 'What was shared is no longer there.';
  end if;
  update app.share_invitations i set accepted_at = now(), accepted_by = uid where i.id = invitation.id;
  select * into share from app.shares s
  where s.recipient_id = uid and s.file_id is not distinct from invitation.file_id
    and s.folder_id is not distinct from invitation.folder_id
  for update;
  if share.id is null then
    insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at)
    values (invitation.owner_id, uid, invitation.file_id, invitation.folder_id, invitation.role, invitation.share_expires_at)
    returning * into share;
  end if;
  perform app.log_activity('share.invitation_accept', null, 'share', share.id::text,
    jsonb_build_object('invitation_id', invitation.id, 'owner_id', invitation.owner_id));
  return to_jsonb(share);
end
$function$;

comment on function api.accept_invitation(text) is
  'Turns an emailed invitation (its token, once, within 7 days) into a share for you. 403 while your own address is not confirmed (auth.require_email_confirmation on); the invitation stays usable.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

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
grant execute on function api.confirm_email(token text) to anon;
grant execute on function api.confirm_email(token text) to authenticated;
comment on function api.confirm_email(token text) is 'Confirms an email address with the token from a confirmation link (single use, 24 hours). A signup''s link signs in: [{token, refresh_token, expires_in, token_type, user}] (an account used before confirmation with another signup''s password is replaced by a new empty one); an email change''s answers {"message", "email"}, or 409 when the address was taken meanwhile. 400 "This confirmation link is invalid or has expired" otherwise.';

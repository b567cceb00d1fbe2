-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.reset_password(token text DEFAULT NULL::text, password text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.reset_password(token text, password text) to anon;
grant execute on function api.reset_password(token text, password text) to authenticated;
comment on function api.reset_password(token text, password text) is 'Sets a new password (8 characters, 10 for an administrator, not a common or trivial one) with the token from a reset email; the token is single use, every session ends, and an unconfirmed address counts as confirmed.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.forgot_password(email text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  clean text := private.clean_email(forgot_password.email);
  subject_email text := 'email:' || lower(clean);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
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
$function$;
grant execute on function api.forgot_password(email text) to anon;
grant execute on function api.forgot_password(email text) to authenticated;
comment on function api.forgot_password(email text) is 'Emails a single-use password-reset link valid 15 minutes. Answers the same whether or not the email has an account; 429 with Retry-After past auth.max_resets_per_email (5) per email or auth.max_resets_per_ip (20) per client address in 15 minutes.';

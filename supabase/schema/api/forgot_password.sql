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
$function$;
grant execute on function api.forgot_password(email text) to anon;
grant execute on function api.forgot_password(email text) to authenticated;
comment on function api.forgot_password(email text) is 'Emails a single-use password-reset link valid 15 minutes. Answers the same whether or not the email has an account; 429 with Retry-After past auth.max_resets_per_email (5) per email or auth.max_resets_per_ip (20) per client address in 15 minutes.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.resend_confirmation(email text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.resend_confirmation(email text) to anon;
grant execute on function api.resend_confirmation(email text) to authenticated;
comment on function api.resend_confirmation(email text) is 'Mails a new confirmation link to an account whose address is not confirmed yet. Answers the same for every address; 429 with Retry-After past auth.max_confirmations_per_email (5) per address or auth.max_confirmations_per_ip (20) per client address in 15 minutes.';

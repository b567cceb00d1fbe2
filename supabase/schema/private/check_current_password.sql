-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_current_password(user_id uuid, password text, action text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$;

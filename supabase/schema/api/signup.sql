-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.signup(email text DEFAULT NULL::text, password text DEFAULT NULL::text, name text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.signup(email text, password text, name text) to anon;
grant execute on function api.signup(email text, password text, name text) to authenticated;
comment on function api.signup(email text, password text, name text) is 'Creates an account (email, password of 8 characters to 72 bytes, not a common or trivial one, optional name) and signs it in: [{token, refresh_token, expires_in, token_type, user}]. 409 when the email has an account; 429 with Retry-After past auth.max_signups_per_ip (10) signups per client address in an hour.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.login(email text DEFAULT NULL::text, password text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  subject_email text;
  subject_ip text := host(app.client_ip());
  wait integer;
  account app.users;
  cost integer := least(greatest(private.setting_int('bcrypt_cost', 10), 4), 16);
  ok boolean;
begin
  if login.email is null or login.password is null or length(login.email) > 1000 or octet_length(login.password) > 1000 then
    raise exception using errcode = 'PT400', message = 'Email and password are required';
  end if;
  subject_email := lower(btrim(login.email));

  wait := greatest(
    private.retry_after('login', 'email:' || subject_email, private.setting_int('auth.max_failures_per_email', 5)),
    private.retry_after('login', 'ip:' || subject_ip, private.setting_int('auth.max_failures_per_ip', 20))
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;

  select * into account from app.users u where u.email operator(extensions.=) btrim(login.email)::extensions.citext;
  if account.id is null then
    -- Same work as a real check, so the answer's timing does not say the email is unknown.
    perform extensions.crypt(login.password, extensions.gen_salt('bf', cost));
    ok := false;
  else
    ok := extensions.crypt(login.password, account.password_hash) = account.password_hash
      and account.disabled_at is null;
  end if;

  if not ok then
    perform private.record_attempt('login', 'email:' || subject_email);
    perform private.record_attempt('login', 'ip:' || subject_ip);
    perform app.log_activity('auth.login_failed', account.id, 'user', account.id::text,
      jsonb_build_object('email', left(subject_email, 254), 'reason',
        case when account.id is null then 'unknown_email' when account.disabled_at is not null then 'disabled' else 'wrong_password' end));
    return private.http_error(400, '28P01', 'Invalid email or password');
  end if;

  delete from private.auth_attempts a where a.bucket = 'login' and a.subject = 'email:' || subject_email;
  -- Upgrade the hash when the configured cost changed since it was made.
  if substr(account.password_hash, 5, 2) <> lpad(cost::text, 2, '0') then
    update app.users set password_hash = private.hash_password(login.password) where id = account.id;
  end if;
  perform app.log_activity('auth.login', account.id, 'user', account.id::text);
  return private.start_session(account.id);
end
$function$;
grant execute on function api.login(email text, password text) to anon;
grant execute on function api.login(email text, password text) to authenticated;
comment on function api.login(email text, password text) is 'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}]. 400 "Invalid email or password" on any failure; 429 with Retry-After after repeated failures.';

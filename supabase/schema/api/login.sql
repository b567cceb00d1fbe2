-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

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
grant execute on function api.login(email text, password text) to anon;
grant execute on function api.login(email text, password text) to authenticated;
comment on function api.login(email text, password text) is 'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}] (user.email_confirmed_at is null until the address is confirmed). 400 "Invalid email or password" on any failure; 429 with Retry-After after repeated failures from one address, or from many addresses the account has not signed in from.';

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
  subject_email text := 'email:' || lower(clean_email);
  confirm boolean := private.email_confirmation_required();
  wait integer;
  account app.users;
  new_hash text;
  new_id uuid;
begin
  perform private.check_password(signup.password, clean_email, false);
  wait := greatest(
    private.retry_after('signup', subject_ip, private.setting_int('auth.max_signups_per_ip', 10)),
    case when confirm then private.retry_after('confirm', subject_email, private.setting_int('auth.max_confirmations_per_email', 5)) else 0 end
  );
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;
  perform private.record_attempt('signup', subject_ip);

  if not confirm then
    if exists (select from app.users u where u.email operator(extensions.=) clean_email::extensions.citext) then
      perform app.log_activity('auth.signup_refused', null, 'user', null,
        jsonb_build_object('email', lower(clean_email), 'reason', 'email_taken'));
      return private.http_error(409, 'PT409', 'An account with this email already exists',
        'Sign in, or reset your password if you forgot it.');
    end if;
    insert into app.users (email, password_hash, name, email_confirmed_at)
    values (clean_email, private.hash_password(signup.password), clean_name, now())
    returning id into new_id;
    perform app.log_activity('auth.signup', new_id, 'user', new_id::text);
    return private.start_session(new_id);
  end if;

  perform private.record_attempt('confirm', subject_email);
  -- Each way below hashes exactly once, so the answer takes as long whichever it takes.
  new_hash := private.hash_password(signup.password);
  insert into app.users (email, password_hash, name)
  values (clean_email, new_hash, clean_name)
  on conflict on constraint users_email_key do nothing
  returning id into new_id;

  if new_id is not null then
    perform private.send_confirmation(new_id, 'signup', clean_email, new_hash, clean_name);
    perform app.log_activity('auth.signup', new_id, 'user', new_id::text, '{"confirmed": false}');
  else
    select * into account from app.users u where u.email operator(extensions.=) clean_email::extensions.citext for update;
    if account.email_confirmed_at is null then
      -- Nobody owns the address yet: this signup gets its own link.
      if account.disabled_at is null then
        perform private.send_confirmation(account.id, 'signup', account.email::text, new_hash, clean_name);
      end if;
      perform app.log_activity('auth.signup_repeated', null, 'user', account.id::text,
        jsonb_build_object('email', lower(clean_email)));
    else
      if account.disabled_at is null then
        perform private.enqueue_email(account.email::text,
          'Someone tried to sign up with your pgdrive address',
          format(E'Hello,\n\nSomeone just tried to create a pgdrive account with this email address, which already has one. Nothing was changed.\n\nIf it was you, sign in at %s/login, or reset your password at %s/forgot-password.\n\nIf it was not you, you can ignore this email.\n',
            private.site_url(), private.site_url()),
          'signup_existing');
      end if;
      perform app.log_activity('auth.signup_refused', null, 'user', null,
        jsonb_build_object('email', lower(clean_email), 'reason', 'email_taken'));
    end if;
  end if;
  return jsonb_build_object('message', 'Check your email to confirm your address.', 'confirmation_sent', true);
end
$function$;
grant execute on function api.signup(email text, password text, name text) to anon;
grant execute on function api.signup(email text, password text, name text) to authenticated;
comment on function api.signup(email text, password text, name text) is 'Signs up (email, password of 8 characters to 72 bytes, not a common or trivial one, optional name). With auth.confirm_email on (the default): {"message", "confirmation_sent": true} and a confirmation link by email, the same answer whether or not the address has an account. Off: signs in at once ([{token, refresh_token, expires_in, token_type, user}]), 409 when the email has an account. 429 with Retry-After past auth.max_signups_per_ip (10) signups per client address in an hour, or auth.max_confirmations_per_email (5) mails to one address in 15 minutes.';

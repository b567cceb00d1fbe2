-- Signups, limited per client address.
--
-- One address could create accounts without end (25 of 25 went through),
-- and could ask signup, as often as it liked, whether an email has an
-- account. Each signup that gets as far as the email check, whether it
-- creates an account or finds the email taken, is counted in the `signup`
-- bucket per client address (private.client_key: an IPv6 client per /64);
-- past auth.max_signups_per_ip (10) in auth.signup_window_seconds (3600)
-- the answer is 429 with Retry-After, with the usual doubling back-off.
-- A signup refused for bad input (email, name, password) is not counted:
-- it learned nothing and created nothing. An unknown address is not limited
-- (as for login), so the gateway must pass it (GATEWAY_TRUST_PROXY).
--
-- "Email taken" keeps its answer, a 409 in PostgREST's error shape, but is
-- now answered without raising so its count (and an `auth.signup_refused`
-- row in the activity log) commits. Answering it like a success and
-- mailing the owner instead needs email confirmation, which the
-- notifications feature brings.

/*
 * Sign up: creates the account (role editor) and signs it in. 409 when the
 * email has an account; 429 past the per-address limit.
 */
create or replace function api.signup(email text default null, password text default null, name text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  clean_email text := private.clean_email(signup.email);
  clean_name text := private.clean_name(signup.name);
  subject_ip text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  new_id uuid;
begin
  perform private.check_password(signup.password);
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
$$;
comment on function api.signup(text, text, text) is
  'Creates an account (email, password of 8 characters to 72 bytes, optional name) and signs it in: [{token, refresh_token, expires_in, token_type, user}]. 409 when the email has an account; 429 with Retry-After past auth.max_signups_per_ip (10) signups per client address in an hour.';

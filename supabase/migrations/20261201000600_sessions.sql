/*
 * Sessions and tokens: signup, login, refresh rotation, logout, and the
 * pre-request check that makes an ended session's access token fail at once.
 *
 * A session is one sign-in on one device. It is represented to the client by
 * two tokens:
 *   access token   an HS256 JWT signed here with the secret in
 *                  private.settings (claims: sub, role, aud, email, app_roles,
 *                  session_id, iat, exp), short-lived (auth.access_token_ttl,
 *                  900 s).
 *   refresh token  256 random bits, only their SHA-256 stored, valid
 *                  auth.refresh_token_ttl (30 days), rotated on every use. The
 *                  tokens of one session form a family; presenting a rotated
 *                  token again means it was stolen, so the family ends.
 *
 * Answers follow the original PostgREST design of `/rpc/login`: an array
 * holding one object with `token` (plus the refresh fields and the user).
 */

/* Sessions: readable by their owner (a "where am I signed in" list). */
create table app.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz,
  ended_at timestamptz,
  end_reason text check (end_reason in ('logout', 'logout_all', 'token_reuse', 'password_reset', 'password_changed', 'email_changed', 'disabled', 'expired')),
  client_ip inet,
  user_agent text
);
alter table app.sessions enable row level security;
create index sessions_user on app.sessions (user_id) where ended_at is null;
comment on table app.sessions is 'One row per sign-in; ended_at set by logout, reuse detection, password change or disabling.';

revoke all on app.sessions from public, anon, authenticated;
grant select on app.sessions to authenticated;
grant all on app.sessions to service_role;

create policy "users read their own sessions" on app.sessions
  for select to authenticated
  using (user_id = (select app.current_user_id()));

/* Refresh tokens: hashes only, never readable by an API role. */
create table private.refresh_tokens (
  id bigint generated always as identity primary key,
  jti uuid not null unique default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete cascade,
  token_hash bytea not null unique,
  family uuid not null references app.sessions (id) on delete cascade,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  orig_iat timestamptz not null,
  replaced_by bigint references private.refresh_tokens (id),
  created_at timestamptz not null default now()
);
alter table private.refresh_tokens enable row level security;
-- No policy on purpose: only security definer functions touch it.
create index refresh_tokens_family on private.refresh_tokens (family);
comment on table private.refresh_tokens is 'SHA-256 of each refresh token; a family per session, rotated on every refresh.';

/* base64url without padding or the line breaks encode() inserts every 76 characters. */
create or replace function private.base64url(data bytea)
returns text
language sql
immutable
set search_path = ''
as $$
  select translate(rtrim(replace(encode(data, 'base64'), E'\n', ''), '='), '+/', '-_')
$$;

/* An HS256 JWT over exactly the bytes it carries. */
create or replace function private.sign_jwt(claims jsonb)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  secret text := private.setting('jwt_secret');
  signing_input text;
begin
  if secret is null or length(secret) < 32 then
    raise exception using errcode = 'PT500', message = 'The JWT secret is not configured';
  end if;
  signing_input := private.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8'))
    || '.' || private.base64url(convert_to(claims::text, 'UTF8'));
  return signing_input || '.' || private.base64url(
    extensions.hmac(convert_to(signing_input, 'UTF8'), convert_to(secret, 'UTF8'), 'sha256')
  );
end
$$;

/* A bcrypt hash at the configured cost (private.settings bcrypt_cost, default 10). */
create or replace function private.hash_password(password text)
returns text
language sql
volatile
set search_path = ''
as $$
  select extensions.crypt(password, extensions.gen_salt('bf', least(greatest(private.setting_int('bcrypt_cost', 10), 4), 16)))
$$;

/* The account as the API shows it to its owner. */
create or replace function private.user_json(user_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'name', u.name,
    'bio', u.bio,
    'avatar_url', u.avatar_url,
    'created_at', u.created_at,
    'app_roles', app.role_names(u.id)
  )
  from app.users u
  where u.id = user_json.user_id
$$;

/* A fresh access token for a session. */
create or replace function private.access_token(user_id uuid, session_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select private.sign_jwt(jsonb_build_object(
    'sub', u.id,
    'role', 'authenticated',
    'aud', coalesce(private.setting('jwt_aud'), 'authenticated'),
    'email', u.email,
    'app_roles', app.role_names(u.id),
    'session_id', access_token.session_id,
    'iat', extract(epoch from now())::bigint,
    'exp', extract(epoch from now())::bigint + private.setting_int('auth.access_token_ttl', 900)
  ))
  from app.users u
  where u.id = access_token.user_id
$$;

/*
 * Issues a refresh token in a session's family and returns the login answer:
 * [{token, token_type, expires_in, expires_at, refresh_token, user}].
 */
create or replace function private.issue_tokens(user_id uuid, session_id uuid, orig_iat timestamptz, replaces bigint default null)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  refresh text := private.base64url(extensions.gen_random_bytes(32));
  ttl integer := private.setting_int('auth.access_token_ttl', 900);
  new_id bigint;
begin
  insert into private.refresh_tokens (user_id, token_hash, family, expires_at, orig_iat)
  values (
    issue_tokens.user_id,
    extensions.digest(refresh, 'sha256'),
    issue_tokens.session_id,
    now() + make_interval(secs => private.setting_int('auth.refresh_token_ttl', 2592000)),
    issue_tokens.orig_iat
  )
  returning id into new_id;
  if replaces is not null then
    update private.refresh_tokens set revoked_at = now(), replaced_by = new_id where id = replaces;
  end if;
  return jsonb_build_array(jsonb_build_object(
    'token', private.access_token(issue_tokens.user_id, issue_tokens.session_id),
    'token_type', 'bearer',
    'expires_in', ttl,
    'expires_at', extract(epoch from now())::bigint + ttl,
    'refresh_token', refresh,
    'user', private.user_json(issue_tokens.user_id)
  ));
end
$$;

/* Starts a session for a user who just proved who they are. */
create or replace function private.start_session(user_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  new_session uuid;
begin
  insert into app.sessions (user_id, client_ip, user_agent)
  values (start_session.user_id, app.client_ip(), app.user_agent())
  returning id into new_session;
  return private.issue_tokens(start_session.user_id, new_session, now());
end
$$;

/* Ends sessions (one, or all of a user's but one) and revokes their refresh tokens. */
create or replace function private.end_sessions(user_id uuid, reason text, only_session uuid default null, except_session uuid default null)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  ended integer;
begin
  with closed as (
    update app.sessions s
    set ended_at = now(), end_reason = reason
    where s.user_id = end_sessions.user_id
      and s.ended_at is null
      and (only_session is null or s.id = only_session)
      and (except_session is null or s.id <> except_session)
    returning s.id
  ), revoked as (
    update private.refresh_tokens t
    set revoked_at = coalesce(t.revoked_at, now())
    where t.family in (select id from closed)
    returning 1
  )
  select count(*) into ended from closed;
  return ended;
end
$$;

/*
 * Sign up: creates the account (role editor) and signs it in.
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
  new_id uuid;
begin
  perform private.check_password(signup.password);
  if exists (select from app.users u where u.email operator(extensions.=) clean_email::extensions.citext) then
    raise exception using errcode = 'PT409', message = 'An account with this email already exists',
      hint = 'Sign in, or reset your password if you forgot it.';
  end if;
  insert into app.users (email, password_hash, name)
  values (clean_email, private.hash_password(signup.password), clean_name)
  returning id into new_id;
  perform app.log_activity('auth.signup', new_id, 'user', new_id::text);
  return private.start_session(new_id);
end
$$;
comment on function api.signup(text, text, text) is
  'Creates an account (email, password of 8 characters to 72 bytes, optional name) and signs it in: [{token, refresh_token, expires_in, token_type, user}].';

/*
 * Log in. Unknown email, wrong password and disabled account get the same
 * 400 in the same time (a dummy bcrypt runs when there is no account).
 * Failures are counted per email and per client IP and answered without
 * raising, so the count commits; past the limit the answer is a 429.
 */
create or replace function api.login(email text default null, password text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function api.login(text, text) is
  'Signs in with email and password: [{token, refresh_token, expires_in, token_type, user}]. 400 "Invalid email or password" on any failure; 429 with Retry-After after repeated failures.';

/*
 * Refresh: trades a refresh token for a new access token and a new refresh
 * token. A token already rotated away is a stolen one: its whole family
 * (the session) ends, and the answer is a 401 that still commits.
 */
create or replace function api.refresh(refresh_token text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  presented private.refresh_tokens;
  session app.sessions;
  disabled timestamptz;
begin
  if refresh_token is null or length(refresh_token) > 200 then
    raise exception using errcode = 'PT400', message = 'A refresh token is required';
  end if;
  select * into presented from private.refresh_tokens t
  where t.token_hash = extensions.digest(refresh.refresh_token, 'sha256')
  for update;
  if presented.id is null or presented.expires_at <= now() then
    raise exception using errcode = 'PT401', message = 'Invalid or expired refresh token';
  end if;

  select * into session from app.sessions s where s.id = presented.family;
  select u.disabled_at into disabled from app.users u where u.id = presented.user_id;

  if presented.revoked_at is not null then
    if session.ended_at is null then
      perform private.end_sessions(presented.user_id, 'token_reuse', only_session => presented.family);
      perform app.log_activity('auth.token_reuse', presented.user_id, 'session', presented.family::text,
        jsonb_build_object('jti', presented.jti));
    end if;
    return private.http_error(401, 'PT401', 'Invalid or expired refresh token',
      'This session has ended; sign in again.');
  end if;
  if session.ended_at is not null or disabled is not null then
    raise exception using errcode = 'PT401', message = 'Invalid or expired refresh token';
  end if;

  update app.sessions set refreshed_at = now() where id = session.id;
  return private.issue_tokens(presented.user_id, presented.family, presented.orig_iat, presented.id);
end
$$;
comment on function api.refresh(text) is
  'Rotates a refresh token: returns new tokens like login. Reusing a rotated token ends its session (401).';

/* Log out: ends the caller's current session. */
create or replace function api.logout()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
  session_id uuid := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  perform private.end_sessions(me, 'logout', only_session => session_id);
  perform app.log_activity('auth.logout', me, 'session', session_id::text);
end
$$;
comment on function api.logout() is 'Ends the current session: its access and refresh tokens stop working at once.';

/* Log out everywhere: ends every session of the caller. */
create or replace function api.logout_all()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
  ended integer;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  ended := private.end_sessions(me, 'logout_all');
  perform app.log_activity('auth.logout_all', me, 'user', me::text, jsonb_build_object('sessions', ended));
end
$$;
comment on function api.logout_all() is 'Ends every session of the signed-in user, on every device.';

grant execute on function api.signup(text, text, text) to anon, authenticated;
grant execute on function api.login(text, text) to anon, authenticated;
grant execute on function api.refresh(text) to anon, authenticated;
grant execute on function api.logout() to authenticated;
grant execute on function api.logout_all() to authenticated;

/* The caller's sessions, newest first (for a "signed-in devices" list). */
create or replace view api.my_sessions
with (security_invoker = true)
as
  select s.id, s.created_at, s.refreshed_at, s.ended_at, s.end_reason, s.client_ip, s.user_agent,
    s.id = nullif(app.jwt_claims() ->> 'session_id', '')::uuid as current
  from app.sessions s
  where s.user_id = (select app.current_user_id())
  order by s.created_at desc;
comment on view api.my_sessions is 'The signed-in user''s sessions, newest first; `current` marks this one.';
grant select on api.my_sessions to authenticated;

/*
 * The pre-request (PostgREST's db-pre-request) runs before every API request,
 * so every request pays for it, though only a signed-in caller has a session
 * to check. app.pre_request() therefore only tests the role it runs as (the
 * role the token named, switched to before the pre-request runs) with
 * nothing to set up: no SET clause, which saves and restores a setting on
 * every call. The session check, which must read tables the caller cannot,
 * is app.session_is_live(), called for `authenticated` only (an anonymous
 * request costs Postgres about 30 us less that way: bench/gateway.md).
 */
/* True when the claims name a live session of an enabled account. */
create or replace function app.session_is_live(claims jsonb)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select from app.sessions s
    join app.users u on u.id = s.user_id
    where s.id = (claims ->> 'session_id')::uuid
      and s.user_id = (claims ->> 'sub')::uuid
      and s.ended_at is null
      and u.disabled_at is null
  );
exception
  when invalid_text_representation then
    return false;
end
$$;
comment on function app.session_is_live(jsonb) is 'The pre-request''s session check: the token''s session is live and its account enabled.';
grant execute on function app.session_is_live(jsonb) to authenticated;

/*
 * PostgREST's db-pre-request: runs before every API request. A signed-in
 * caller's token must name a live session of an enabled account, so logout,
 * reuse detection, password changes and disabling take effect at once.
 * No SET clause and not security definer, so an anonymous call costs a role
 * test; every name it uses is schema-qualified or from pg_catalog, which
 * comes first.
 */
create or replace function app.pre_request()
returns void
language plpgsql
stable
as $$
begin
  if current_user <> 'authenticated' then
    return;
  end if;
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The access token belongs to a session that was logged out, revoked or disabled.';
  end if;
end
$$;
comment on function app.pre_request() is 'db-pre-request: refuses tokens of ended sessions and disabled accounts.';
grant execute on function app.pre_request() to anon, authenticated, service_role;

-- How hosted Supabase configures PostgREST (in-database config); our gateway
-- reads the same role setting.
do $$
begin
  alter role authenticator set pgrst.db_pre_request = 'app.pre_request';
exception
  when insufficient_privilege then
    raise notice 'sessions: set pgrst.db_pre_request = app.pre_request on authenticator by hand';
end
$$;
notify pgrst, 'reload config';


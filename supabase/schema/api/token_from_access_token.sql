-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.token_from_access_token(access_token text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  subject text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  tok app.access_tokens;
  account app.users;
  session_id uuid;
  now_s bigint := extract(epoch from now())::bigint;
  exp_s bigint;
begin
  if access_token is null or length(access_token) > 200 then
    raise exception using errcode = 'PT400', message = 'An access token is required.';
  end if;
  wait := private.retry_after('access_token', subject, private.setting_int('auth.max_failures_per_ip', 20));
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;

  select * into tok from app.access_tokens t
  where t.token_hash = extensions.digest(token_from_access_token.access_token, 'sha256')
  for update;
  select * into account from app.users u where u.id = tok.user_id;
  if tok.id is null or tok.revoked_at is not null or tok.expires_at <= now() or account.disabled_at is not null then
    perform private.record_attempt('access_token', subject);
    if tok.id is not null then
      perform app.log_activity('access_token.refused', tok.user_id, 'access_token', tok.id::text,
        jsonb_build_object('reason', case when tok.revoked_at is not null then 'revoked'
          when account.disabled_at is not null then 'disabled' else 'expired' end));
      update app.sessions s set ended_at = now(), end_reason = 'expired'
      where s.access_token_id = tok.id and s.ended_at is null;
    end if;
    return private.http_error(401, 'PT401', 'Invalid, expired or revoked access token.');
  end if;

  -- One live session per token and place, reused: a mounted drive exchanges
  -- every 15 minutes. The same token from another address or device is a
  -- new session, so the sessions trigger tells the owner when that place is
  -- new to the account (app.notify_new_sign_in), as a password sign-in does.
  select s.id into session_id from app.sessions s
  where s.access_token_id = tok.id and s.ended_at is null
    and private.client_key(s.client_ip) is not distinct from private.client_key(app.client_ip())
    and private.device_key(s.user_agent) is not distinct from private.device_key(left(app.user_agent(), 500))
  order by s.created_at desc limit 1;
  if session_id is null then
    insert into app.sessions (user_id, client_ip, user_agent, access_token_id)
    values (tok.user_id, app.client_ip(), left(app.user_agent(), 500), tok.id)
    returning id into session_id;
  else
    update app.sessions set refreshed_at = now() where id = session_id;
  end if;

  if tok.last_used_at is null or tok.last_used_at < date_trunc('day', now()) then
    perform app.log_activity('access_token.used', tok.user_id, 'access_token', tok.id::text,
      jsonb_build_object('name', tok.name));
  end if;
  update app.access_tokens set last_used_at = now() where id = tok.id;

  exp_s := now_s + private.setting_int('auth.access_token_ttl', 900);
  if tok.expires_at is not null then
    exp_s := least(exp_s, extract(epoch from tok.expires_at)::bigint);
  end if;
  return jsonb_build_array(jsonb_build_object(
    'token', private.sign_jwt(jsonb_strip_nulls(jsonb_build_object(
      'sub', account.id,
      'role', 'authenticated',
      'aud', coalesce(private.setting('jwt_aud'), 'authenticated'),
      'email', account.email,
      'app_roles', app.role_names(account.id),
      'session_id', session_id,
      'token_id', tok.id,
      'scopes', to_jsonb(tok.scopes),
      'folder_id', tok.folder_id,
      'iat', now_s,
      'exp', exp_s))),
    'token_type', 'bearer',
    'expires_in', exp_s - now_s,
    'expires_at', exp_s,
    'scopes', to_jsonb(tok.scopes),
    'folder_id', tok.folder_id,
    'user', private.user_json(account.id)
  ));
end
$function$;
grant execute on function api.token_from_access_token(access_token text) to anon;
grant execute on function api.token_from_access_token(access_token text) to authenticated;
comment on function api.token_from_access_token(access_token text) is 'Exchanges a personal access token for a short-lived JWT limited to its scopes and folder: [{token, expires_in, expires_at, scopes, folder_id, user}]. 401 for a wrong, expired or revoked token; 429 after repeated failures.';

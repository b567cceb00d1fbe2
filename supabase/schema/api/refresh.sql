-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.refresh(refresh_token text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.refresh(refresh_token text) to anon;
grant execute on function api.refresh(refresh_token text) to authenticated;
comment on function api.refresh(refresh_token text) is 'Rotates a refresh token: returns new tokens like login. Reusing a rotated token ends its session (401).';

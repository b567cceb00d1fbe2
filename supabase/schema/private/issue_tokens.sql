-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.issue_tokens(user_id uuid, session_id uuid, orig_iat timestamp with time zone, replaces bigint DEFAULT NULL::bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$;

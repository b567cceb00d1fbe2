-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.access_token(user_id uuid, session_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

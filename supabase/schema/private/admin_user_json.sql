-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.admin_user_json(user_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'name', u.name,
    'avatar_url', u.avatar_url,
    'created_at', u.created_at,
    'disabled_at', u.disabled_at,
    'email_confirmed_at', u.email_confirmed_at,
    'app_roles', app.role_names(u.id),
    'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = u.id)
  )
  from app.users u
  where u.id = admin_user_json.user_id
$function$;

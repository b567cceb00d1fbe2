-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.user_json(user_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

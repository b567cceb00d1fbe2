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
    'app_roles', app.role_names(u.id),
    'email_confirmed_at', u.email_confirmed_at,
    'pending_email', (
      select c.email::text from private.email_confirmations c
      where c.user_id = u.id and c.kind = 'email_change'
        and c.used_at is null and c.voided_at is null and c.expires_at > now()
      order by c.created_at desc
      limit 1
    )
  )
  from app.users u
  where u.id = user_json.user_id
$function$;

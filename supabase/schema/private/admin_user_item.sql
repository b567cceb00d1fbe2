-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.admin_user_item(u app.users)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'display_name', u.name,
    'roles', coalesce(array(
      select r.name from app.user_roles ur join app.roles r on r.id = ur.role_id
      where ur.user_id = u.id order by r.name
    ), '{}'),
    'status', private.account_status(u.disabled_at, u.email_confirmed_at),
    'plan', app.current_plan(u.id),
    'used_bytes', coalesce((select a.used from app.storage_accounts a where a.owner_id = u.id), 0),
    'quota_bytes', app.storage_quota(u.id),
    'created_at', u.created_at,
    'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = u.id)
  )
$function$;

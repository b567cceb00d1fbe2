-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.notification_vars(n app.notifications)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select n.payload || jsonb_build_object(
    'count', n.count,
    'site_url', private.site_url(),
    'settings_url', private.site_url() || '/settings',
    'forgot_password_url', private.site_url() || '/forgot-password',
    'trash_url', private.site_url() || '/trash',
    'name_of_user', coalesce(' ' || (select u.name from app.users u where u.id = n.user_id), '')
  ) || jsonb_strip_nulls(jsonb_build_object('item_url', private.item_url(n.item_type, n.item_id)))
$function$;

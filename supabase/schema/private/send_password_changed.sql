-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.send_password_changed(user_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select private.enqueue_email(
    u.email::text,
    'Your pgdrive password was changed',
    format(E'Hello%s,\n\nThe password of your pgdrive account was just changed, and every device was signed out.\n\nIf this was not you, reset your password now at %s/forgot-password and tell your administrator.\n',
      coalesce(' ' || u.name, ''), private.site_url()),
    'password_changed'
  )
  from app.users u where u.id = send_password_changed.user_id
$function$;

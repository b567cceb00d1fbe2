-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_notification(n app.notifications)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select private.enqueue_email(
    u.email::text,
    left(replace(app.render_template(t.email_subject, private.notification_vars(n)), E'\n', ' '), 300),
    app.render_template(t.email_body, private.notification_vars(n)),
    t.type
  )
  from app.notification_types t
  join app.users u on u.id = n.user_id
  where t.type = n.type and u.disabled_at is null
$function$;

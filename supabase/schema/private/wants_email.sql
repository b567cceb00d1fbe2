-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.wants_email(user_id uuid, type text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select t.email_subject is not null and (t.email_locked or coalesce(p.email, t.email_default))
  from app.notification_types t
  left join app.notification_preferences p on p.user_id = wants_email.user_id and p.type = t.type
  where t.type = wants_email.type
$function$;

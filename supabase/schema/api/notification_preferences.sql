-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.notification_preferences()
 RETURNS TABLE(type text, category text, description text, email boolean, email_locked boolean, emailed boolean)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select t.type, t.category, t.description,
    t.email_subject is not null and (t.email_locked or coalesce(p.email, t.email_default)),
    t.email_locked,
    t.email_subject is not null
  from app.notification_types t
  left join app.notification_preferences p on p.type = t.type and p.user_id = (select app.current_user_id())
  where (select app.current_user_id()) is not null
  order by t.sort_order, t.type
$function$;
grant execute on function api.notification_preferences() to authenticated;
comment on function api.notification_preferences() is 'Every notification type with whether you get its email (`email`), whether that can be changed (`email_locked`: security emails for password and email changes cannot be turned off) and whether the type has an email of its own (`emailed`). In-app notifications are always on.';

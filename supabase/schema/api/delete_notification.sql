-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.delete_notification(id bigint DEFAULT NULL::bigint)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  delete from app.notifications n where n.id = delete_notification.id and n.user_id = me;
  if not found then
    raise exception using errcode = 'PT404', message = 'Notification not found';
  end if;
end
$function$;
grant execute on function api.delete_notification(id bigint) to authenticated;
comment on function api.delete_notification(id bigint) is 'Deletes one of your notifications; 404 when there is none of yours with that id.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.set_notification_preference(type text DEFAULT NULL::text, email boolean DEFAULT NULL::boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
  kind app.notification_types;
begin
  select * into kind from app.notification_types t where t.type = set_notification_preference.type;
  if kind.type is null then
    raise exception using errcode = 'PT404', message = 'Unknown notification type',
      hint = 'rpc/notification_preferences lists the types.';
  end if;
  if set_notification_preference.email is null then
    raise exception using errcode = 'PT400', message = 'email must be true or false';
  end if;
  if kind.email_locked and not set_notification_preference.email then
    raise exception using errcode = 'PT400', message = 'This security email cannot be turned off',
      hint = 'Emails about password and email changes are always sent.';
  end if;
  insert into app.notification_preferences (user_id, type, email)
  values (me, kind.type, set_notification_preference.email)
  on conflict on constraint notification_preferences_pkey do update set email = excluded.email, updated_at = now();
  perform app.log_activity('notifications.preference_set', me, 'notification_type', kind.type,
    jsonb_build_object('email', set_notification_preference.email));
  return jsonb_build_object('type', kind.type, 'email', set_notification_preference.email);
end
$function$;
grant execute on function api.set_notification_preference(type text, email boolean) to authenticated;
comment on function api.set_notification_preference(type text, email boolean) is 'Turns the email of one notification type on or off for you: {type, email}. 400 for a security email that cannot be turned off, 404 for an unknown type.';

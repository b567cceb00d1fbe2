-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.unsubscribe(token text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found app.notification_unsubscribe_tokens;
  kind app.notification_types;
begin
  select * into found from app.notification_unsubscribe_tokens x
  where x.token_hash = extensions.digest(coalesce(left(unsubscribe.token, 200), ''), 'sha256');
  if found.token_hash is null then
    raise exception using errcode = 'PT404', message = 'This unsubscribe link is invalid or has expired',
      hint = 'Turn emails off in your notification settings instead.';
  end if;
  select * into kind from app.notification_types t where t.type = found.type;
  if kind.email_locked then
    raise exception using errcode = 'PT400', message = 'This security email cannot be turned off';
  end if;
  insert into app.notification_preferences (user_id, type, email)
  values (found.user_id, found.type, false)
  on conflict on constraint notification_preferences_pkey do update set email = false, updated_at = now();
  perform app.log_activity('notifications.unsubscribed', found.user_id, 'notification_type', found.type);
  return jsonb_build_object('type', kind.type, 'description', kind.description, 'email', false,
    'message', format('You will no longer get emails about: %s.', lower(kind.description)));
end
$function$;
grant execute on function api.unsubscribe(token text) to anon;
grant execute on function api.unsubscribe(token text) to authenticated;
comment on function api.unsubscribe(token text) is 'Turns off one notification type''s email with the token of an email''s unsubscribe link (no sign-in): {type, description, email: false, message}. 404 when the token is unknown. The email''s List-Unsubscribe header posts to /functions/v1/notifications/unsubscribe, which calls this.';

-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_notification(n app.notifications)
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  kind app.notification_types;
  account app.users;
  vars jsonb;
  footer text;
  token text;
  queued bigint;
begin
  select * into kind from app.notification_types t where t.type = n.type;
  select * into account from app.users u where u.id = n.user_id;
  if kind.email_subject is null or account.id is null or account.disabled_at is not null then
    return null;
  end if;
  vars := private.notification_vars(n) || jsonb_build_object('unsubscribe_url', '{{unsubscribe_url}}');
  if kind.email_locked then
    footer := E'\n--\npgdrive. This security email is always sent. Your notification settings: {{settings_url}}\n';
  else
    token := private.base64url(extensions.gen_random_bytes(32));
    delete from app.notification_unsubscribe_tokens x
    where x.user_id = n.user_id
      and x.created_at < now() - make_interval(days => private.setting_int('notifications.unsubscribe_token_days', 180));
    insert into app.notification_unsubscribe_tokens (token_hash, user_id, type)
    values (extensions.digest(token, 'sha256'), n.user_id, n.type);
    footer := E'\n--\npgdrive. You get this email because of your notification settings: {{settings_url}}\nStop emails like this one: {{unsubscribe_url}}\n';
  end if;

  insert into private.email_outbox (to_address, subject, body_text, body_html, kind, secret, unsubscribe_type)
  values (
    account.email::text,
    left(replace(app.render_template(kind.email_subject, vars), E'\n', ' '), 300),
    app.render_template(kind.email_body || footer, vars),
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
      || app.render_template(kind.email_body || footer, vars, true) || '</body></html>',
    kind.type,
    token,
    case when token is not null then kind.type end
  )
  returning id into queued;
  return queued;
end
$function$;

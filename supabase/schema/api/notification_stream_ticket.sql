-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.notification_stream_ticket()
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
  session uuid := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
  ttl integer := least(greatest(private.setting_int('notifications.stream_ticket_ttl_seconds', 30), 1), 300);
  ticket text := private.base64url(extensions.gen_random_bytes(32));
  expires timestamptz := now() + make_interval(secs => ttl);
begin
  if session is null then
    raise exception using errcode = 'PT401', message = 'Sign in first: a stream ticket belongs to a session';
  end if;
  -- Keep the table to the few tickets alive now.
  delete from app.notification_stream_tickets t where t.expires_at < now() - interval '1 minute';
  insert into app.notification_stream_tickets (token_hash, user_id, session_id, expires_at)
  values (extensions.digest(ticket, 'sha256'), me, session, expires);
  return jsonb_build_object('ticket', ticket, 'expires_at', expires, 'expires_in', ttl);
end
$function$;
grant execute on function api.notification_stream_ticket() to authenticated;
comment on function api.notification_stream_ticket() is 'A single-use ticket, valid 30 seconds, to open GET /functions/v1/notifications/stream?ticket=… (an EventSource cannot send the access token): {ticket, expires_at, expires_in}. The stream acts as this session and ends with it.';

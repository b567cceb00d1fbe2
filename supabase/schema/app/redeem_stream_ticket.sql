-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.redeem_stream_ticket(ticket text)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  update app.notification_stream_tickets t
  set used_at = now()
  where t.token_hash = extensions.digest(coalesce(left(redeem_stream_ticket.ticket, 200), ''), 'sha256')
    and t.used_at is null
    and t.expires_at > now()
  returning jsonb_build_object('sub', t.user_id, 'role', 'authenticated', 'session_id', t.session_id)
$function$;
grant execute on function app.redeem_stream_ticket(ticket text) to anon;
comment on function app.redeem_stream_ticket(ticket text) is 'Uses up a notification stream ticket; answers its session''s claims, or null when unknown, used or expired.';
